/**
 * The Docker clients where Docker's specs leave room (docs/docker-apis.md): an activity log served in
 * pages smaller than asked for.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { auditEventId } from '../src/docker/hub/client.js';
import { closeFakes, collect, DAY_MS, setup, T0 } from './support/docker-clients.js';
import { generateAuditLogs } from './support/fake-docker.js';

afterEach(closeFakes);

describe('Hub client: the activity log', () => {
  it('reads every page when the server gives fewer events per page than asked for', async () => {
    const auditLogs = generateAuditLogs(60, { from: new Date(T0 - 7 * DAY_MS), to: new Date(T0) });
    const { hub, fake } = await setup({ auditLogs });
    // The spec states page_size's default (25) and no maximum: a server may serve 25 for 100.
    fake.auditMaxPageSize = 25;
    const pages = await collect(hub.auditLogs({ from: new Date(T0 - 7 * DAY_MS) }));
    expect(pages.map((p) => p.length)).toEqual([25, 25, 10]);
    expect(new Set(pages.flat().map(auditEventId)).size).toBe(60);
    // A log that fits one page takes one more request, which comes back empty.
    fake.auditLogs = auditLogs.slice(0, 3);
    fake.requests.length = 0;
    expect((await collect(hub.auditLogs({ from: new Date(T0 - 7 * DAY_MS) }))).flat()).toHaveLength(3);
    expect(fake.requests.filter((r) => r.path === '/v2/auditlogs/acme').map((r) => r.query.page)).toEqual([
      '1',
      '2',
    ]);
  });
});
