import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDockerClients } from '../src/docker/clients.js';
import { createLogger } from '../src/logger.js';
import { createActivityRepo } from '../src/store/activity-repo.js';
import { createAuditActionsRepo } from '../src/store/audit-actions-repo.js';
import { createMembersRepo } from '../src/store/members-repo.js';
import { createPointsRepo } from '../src/store/points-repo.js';
import { createStatusRepo } from '../src/store/status-repo.js';
import { ENGINES, freshDatabase } from './support/databases.js';
import {
  type FakeDocker,
  generateAuditLogs,
  generateMembers,
  generateUsagePullsCsv,
  startFakeDocker,
} from './support/fake-docker.js';
import { runApiSync } from './support/sync.js';

const NOW = new Date('2026-11-21T08:00:00Z');
const ORG = 'globex';
const logger = createLogger({ level: 'silent' });

let fake: FakeDocker;
let clock = NOW.getTime();
/** Members proper: the members API lists invitees only when asked (`invites=true`). */
const memberCount = () => fake.members.filter((m) => m.role !== 'Invitee').length;
beforeAll(async () => {
  fake = await startFakeDocker({
    org: ORG,
    credentials: [{ identifier: ORG, secret: 'dckr_oat_globex' }],
    members: generateMembers(230, { seed: 7, now: NOW }),
    auditLogs: generateAuditLogs(400, { seed: 7, org: ORG, from: new Date('2026-10-01T00:00:00Z'), to: NOW }),
    pullReports: new Map([
      ['2026-11-19', generateUsagePullsCsv('2026-11-19', 60, { seed: 1, org: ORG, columns: 'full' })],
      ['2026-11-20', generateUsagePullsCsv('2026-11-20', 60, { seed: 2, org: ORG, columns: 'minimal' })],
    ]),
    now: () => clock,
  });
});
afterAll(async () => {
  await fake?.close();
});

const runSync = runApiSync;

/** Clients with an injected clock and a sleep that records instead of waiting. */
function clients(token = 'dckr_oat_globex') {
  const sleeps: number[] = [];
  const docker = createDockerClients(
    { org: ORG, token, hubUrl: fake.hubUrl, apiUrl: fake.apiUrl },
    {
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    },
  );
  if (!docker) throw new Error('clients expected');
  return { docker, sleeps };
}

describe.each(ENGINES)('sync on %s', (engine) => {
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await drop?.();
    drop = undefined;
    clock = NOW.getTime();
  });

  it('stores members, activity events and pulls; a second run adds nothing twice', async () => {
    const fresh = await freshDatabase(engine);
    drop = fresh.drop;
    const { docker } = clients();
    const deps = { db: fresh.db, org: ORG, docker, logger };

    const first = await runSync(deps, NOW);
    expect(first.map((r) => [r.source, r.ok])).toEqual([
      ['hub-members', true],
      ['hub-invites', true],
      ['activity-log', true],
      ['usage-pulls', true],
      ['activity-actions', true],
    ]);
    const catalog = await createAuditActionsRepo(fresh.db).list(ORG);
    expect(catalog).toContainEqual({
      action: 'org.member.role.change',
      label: 'Member Role Changed',
      description: 'Details about the role changed for a member in your organization',
    });
    const members = createMembersRepo(fresh.db);
    const activity = createActivityRepo(fresh.db);
    const points = createPointsRepo(fresh.db);
    expect(await members.count(ORG)).toBe(memberCount());
    const events = await activity.count(ORG);
    expect(events).toBeGreaterThan(300); // the events of the last 90 days
    const pulls = (await points.range(ORG, '2026-11-19', '2026-11-20')).filter((p) => p.metric === 'pulls');
    expect(pulls.length).toBeGreaterThan(0);
    const pullTotal = pulls.reduce((s, p) => s + p.value, 0);
    expect(await points.latestDay(ORG)).toBe('2026-11-20');
    const provided = await points.providedMetrics(ORG);
    expect([...provided].sort()).toEqual(expect.arrayContaining(['active_users', 'pulls', 'version_users']));
    expect(provided.has('builds_succeeded')).toBe(false);

    const second = await runSync(deps, NOW);
    expect(second.every((r) => r.ok)).toBe(true);
    expect(second.find((r) => r.source === 'usage-pulls')?.detail).toBe('no new reports');
    expect(second.find((r) => r.source === 'activity-log')?.detail).toMatch(/^0 new events/);
    // Docker's action catalog is read once a day.
    expect(second.find((r) => r.source === 'activity-actions')?.detail).toMatch(/^skipped: fetched /);
    const catalogReads = () => fake.requests.filter((r) => r.path === `/v2/auditlogs/${ORG}/actions`).length;
    const reads = catalogReads();
    await runSync(deps, new Date(NOW.getTime() + 25 * 3_600_000), ['activity-actions']);
    expect(catalogReads()).toBe(reads + 1);
    expect(await members.count(ORG)).toBe(memberCount());
    expect(await activity.count(ORG)).toBe(events);
    const again = (await points.range(ORG, '2026-11-19', '2026-11-20')).filter((p) => p.metric === 'pulls');
    expect(again.reduce((s, p) => s + p.value, 0)).toBe(pullTotal);
  });

  it('waits out a 429 with Retry-After: 2, then completes', async () => {
    const fresh = await freshDatabase(engine);
    drop = fresh.drop;
    const { docker, sleeps } = clients();
    fake.failNext(`/v2/orgs/${ORG}/members`, { status: 429, headers: { 'Retry-After': '2' } });
    const results = await runSync({ db: fresh.db, org: ORG, docker, logger }, NOW, ['hub-members']);
    expect(results).toEqual([expect.objectContaining({ source: 'hub-members', ok: true })]);
    expect(sleeps).toContain(2000);
    expect(await createMembersRepo(fresh.db).count(ORG)).toBe(memberCount());
  });

  it('refreshes an expired token and carries on', async () => {
    const fresh = await freshDatabase(engine);
    drop = fresh.drop;
    const { docker } = clients();
    await runSync({ db: fresh.db, org: ORG, docker, logger }, NOW, ['hub-members']);
    const issued = fake.issuedTokens.length;
    fake.expireTokens();
    const results = await runSync({ db: fresh.db, org: ORG, docker, logger }, NOW, ['hub-members']);
    expect(results[0]?.ok).toBe(true);
    expect(fake.issuedTokens.length).toBe(issued + 1);
  });

  it('ends with a message naming DOCKER_TOKEN when the token is refused, and records it for /insights status', async () => {
    const fresh = await freshDatabase(engine);
    drop = fresh.drop;
    const { docker } = clients('dckr_oat_wrong-token');
    const results = await runSync({ db: fresh.db, org: ORG, docker, logger }, NOW);
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(results[0]?.detail).toContain('DOCKER_TOKEN');
    expect(results[0]?.detail).not.toContain('dckr_oat_wrong-token');
    const status = await createStatusRepo(fresh.db).list(ORG);
    expect(status.find((s) => s.source === 'hub-members')?.lastError).toContain('DOCKER_TOKEN');
    expect(await createMembersRepo(fresh.db).count(ORG)).toBe(0);
  });
});
