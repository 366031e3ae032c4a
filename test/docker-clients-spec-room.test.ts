/**
 * The Docker clients where Docker's specs leave room (docs/docker-apis.md): an activity log served in
 * pages smaller than asked for; an Enterprise Data API that takes only the raw OAT (its OpenAPI spec) or
 * only the exchanged JWT (the current guide).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDockerClients } from '../src/docker/clients.js';
import { auditEventId } from '../src/docker/hub/client.js';
import { closeFakes, collect, DAY_MS, setup, T0 } from './support/docker-clients.js';
import { generateAuditLogs } from './support/fake-docker.js';

const OAT = 'dckr_oat_test';

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

describe('Enterprise Data API: the bearer', () => {
  for (const accepts of ['oat', 'jwt'] as const) {
    it(`works with a server that takes only the ${accepts === 'oat' ? 'raw OAT (the spec)' : 'exchanged JWT (the guide)'}`, async () => {
      const { fake } = await setup({ credentials: [{ identifier: 'acme', secret: OAT }] });
      fake.enterpriseBearer = accepts;
      const clients = createDockerClients(
        { org: 'acme', token: OAT, hubUrl: fake.hubUrl, apiUrl: fake.apiUrl },
        { now: () => T0, random: () => 0.5, sleep: async () => undefined },
      );
      const data = clients?.enterpriseData;
      if (!data) throw new Error('no clients');
      expect(await data.reportTypes()).toContainEqual({ type: 'usage_pulls', cadence: 'daily' });
      expect(await data.reportTypes()).toContainEqual({ type: 'usage_pulls', cadence: 'daily' });
      const calls = fake.requests.filter((r) => r.host === 'api');
      const raw = (r: (typeof calls)[number]) => r.authorization === `Bearer ${OAT}`;
      // The JWT first; on a server that wants the OAT, one 401, then the OAT, kept for the next call.
      expect(calls.map((r) => [raw(r) ? 'oat' : 'jwt', r.status])).toEqual(
        accepts === 'oat'
          ? [
              ['jwt', 401],
              ['oat', 200],
              ['oat', 200],
            ]
          : [
              ['jwt', 200],
              ['jwt', 200],
            ],
      );
    });
  }

  it('gives up on a server that refuses both, after two requests a call, with the 401 in words', async () => {
    const { fake } = await setup({ credentials: [{ identifier: 'acme', secret: OAT }] });
    fake.enterpriseBearer = 'none';
    const clients = createDockerClients(
      { org: 'acme', token: OAT, hubUrl: fake.hubUrl, apiUrl: fake.apiUrl },
      { now: () => T0, random: () => 0.5, sleep: async () => undefined },
    );
    const data = clients?.enterpriseData;
    if (!data) throw new Error('no clients');
    for (let call = 1; call <= 3; call++) {
      const err = await data.reportTypes().catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 401 });
      expect(String((err as Error).message)).toMatch(/401|token/i);
      // Never a loop between the two bearers: one JWT and one OAT (in some order) per call.
      expect(fake.requests.filter((r) => r.host === 'api')).toHaveLength(2 * call);
    }
    // The OAT itself never went anywhere but the Enterprise Data API and the token exchange.
    const leaked = fake.requests.filter((r) => r.authorization === `Bearer ${OAT}` && r.host !== 'api');
    expect(leaked).toEqual([]);
  });
});
