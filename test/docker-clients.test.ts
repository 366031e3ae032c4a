import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { parseUsagePulls } from '../src/docker/enterprise-data/usage-pulls.js';
import { DockerApiError } from '../src/docker/errors.js';
import { auditEventId, createHubClient } from '../src/docker/hub/client.js';
import { closeFakes, collect, DAY_MS, setup, T0 } from './support/docker-clients.js';
import {
  type FakeDocker,
  generateAuditLogs,
  generateMembers,
  generateUsagePullsCsv,
} from './support/fake-docker.js';

afterEach(closeFakes);

const statuses = (f: FakeDocker, path: string) =>
  f.requests.filter((r) => r.path.startsWith(path)).map((r) => r.status);

describe('Hub client: members', () => {
  for (const membersEnvelope of ['object', 'array'] as const) {
    it(`pages to the end with the ${membersEnvelope} envelope`, async () => {
      const members = generateMembers(250, { now: new Date(T0) });
      const { hub, fake } = await setup({ members, membersEnvelope });
      const pages = await collect(hub.members());
      // Invitees are listed only on request (type=invitee|all, §3.4).
      const listed = members.filter((m) => m.role !== 'Invitee');
      expect(pages.map((p) => p.length)).toEqual([100, 100, listed.length - 200]);
      const flat = pages.flat();
      expect(flat.map((m) => m.username)).toEqual(listed.map((m) => m.username));
      const seen = listed.find((m) => m.last_seen_at && m.last_desktop_version);
      expect(flat.find((m) => m.username === seen?.username)).toMatchObject({
        lastSeenAt: seen?.last_seen_at,
        lastDesktopVersion: seen?.last_desktop_version,
        teams: seen?.groups,
        isGuest: seen?.is_guest,
      });
      expect(fake.requests.filter((r) => r.path === '/v2/orgs/acme/members')).toHaveLength(3);
    });
  }

  it('works with a PAT and its username', async () => {
    const { hub } = await setup({}, { token: 'dckr_pat_test', username: 'alice' });
    expect((await collect(hub.members())).flat().length).toBeGreaterThan(0);
  });

  it('resolves `next` against the configured base (behind a proxy) and stops on a repeated `next`', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      // The server builds links with its own public origin, and page 2 points at itself again.
      const page2 = 'https://hub.docker.com/v2/orgs/acme/members?page=2&page_size=100';
      const results = [{ username: req.url?.includes('page=2') ? 'bob' : 'alice' }];
      const body = req.url?.endsWith('/v2/auth/token')
        ? { access_token: 'opaque' }
        : { count: 2, next: page2, previous: null, results };
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hub-proxy`;
    try {
      const hub = createHubClient({ baseUrl: base, org: 'acme', token: 'dckr_oat_x' });
      const users = (await collect(hub.members())).flat().map((m) => m.username);
      expect(users).toEqual(['alice', 'bob']);
      expect(seen).toEqual([
        'POST /hub-proxy/v2/auth/token',
        'GET /hub-proxy/v2/orgs/acme/members?page_size=100',
        'GET /hub-proxy/v2/orgs/acme/members?page=2&page_size=100',
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('Hub client: audit logs', () => {
  it('reads every page, then only what is new when polled again from the last timestamp', async () => {
    const auditLogs = generateAuditLogs(120, { from: new Date(T0 - 7 * DAY_MS), to: new Date(T0) });
    const { hub, fake } = await setup({ auditLogs });
    const from = new Date(T0 - 7 * DAY_MS);
    const first = await collect(hub.auditLogs({ from, pageSize: 50 }));
    expect(first.map((p) => p.length)).toEqual([50, 50, 20]);
    const stored = new Map(first.flat().map((e) => [auditEventId(e), e]));
    expect(stored.size).toBe(120);
    const audit = fake.requests.filter((r) => r.path === '/v2/auditlogs/acme');
    expect(audit.map((r) => r.query.page)).toEqual(['1', '2', '3']);
    expect(audit[0]?.query.from).toBe(from.toISOString());

    const newer = generateAuditLogs(5, { seed: 9, from: new Date(T0), to: new Date(T0 + 3_600_000) });
    fake.auditLogs = [...newer, ...fake.auditLogs];
    const last =
      [...stored.values()]
        .map((e) => e.timestamp)
        .sort()
        .at(-1) ?? '';
    const again = (await collect(hub.auditLogs({ from: new Date(last) }))).flat();
    const fresh = again.filter((e) => !stored.has(auditEventId(e)));
    expect(fresh).toHaveLength(5);
    expect(fresh.map((e) => e.action).sort()).toEqual(newer.map((e) => e.action).sort());
  });

  it('flattens the action catalog to group.name', async () => {
    const { hub } = await setup();
    const actions = await hub.auditActions();
    expect(actions).toContainEqual(expect.objectContaining({ action: 'repo.tag.push', group: 'repo' }));
    expect(actions.find((a) => a.action === 'billing.plan.upgrade')?.label).toBe('Plan Upgraded');
  });
});

describe('retries and rate limits', () => {
  it('honours 429 Retry-After (seconds)', async () => {
    const { hub, fake, sleeps } = await setup();
    fake.failNext('/v2/orgs/acme/members', { status: 429, headers: { 'Retry-After': '2' } });
    expect((await collect(hub.members())).flat().length).toBeGreaterThan(0);
    expect(sleeps).toEqual([2000]);
    expect(statuses(fake, '/v2/orgs/acme/members')).toEqual([429, 200]);
  });

  it('honours 429 X-Retry-After (a unix timestamp)', async () => {
    const { hub, fake, sleeps, clock } = await setup();
    fake.failNext('/v2/auditlogs/acme', {
      status: 429,
      headers: { 'X-Retry-After': String(clock.t / 1000 + 7) },
    });
    await collect(hub.auditLogs({ from: new Date(T0 - DAY_MS) }));
    expect(sleeps).toEqual([7000]);
  });

  it('retries a 500 and then succeeds', async () => {
    const { hub, fake, sleeps } = await setup();
    fake.failNext('/v2/auditlogs/acme/actions', { status: 500 });
    await expect(hub.auditActions()).resolves.not.toHaveLength(0);
    expect(sleeps).toHaveLength(1);
    expect(statuses(fake, '/v2/auditlogs/acme/actions')).toEqual([500, 200]);
  });

  it('gives up within the retry budget', async () => {
    const { hub, fake, sleeps } = await setup();
    for (let i = 0; i < 30; i++) fake.failNext('/v2/orgs/acme/members', { status: 503 });
    const err = await collect(hub.members()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerApiError);
    expect(err).toMatchObject({ code: 'unavailable', status: 503 });
    expect((err as Error).message).toMatch(
      /^127\.0\.0\.1:\d+ GET \/v2\/orgs\/acme\/members: unreachable \(503/,
    );
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60_000);
  });
});

describe('Hub token', () => {
  it('refreshes once on a 401 and retries the call', async () => {
    const { hub, fake } = await setup();
    await hub.auditActions();
    fake.expireTokens();
    await hub.auditActions();
    expect(fake.issuedTokens).toHaveLength(2);
    expect(statuses(fake, '/v2/auditlogs/acme/actions')).toEqual([200, 401, 200]);
  });

  it('is reused, then renewed before the call once the 10 minutes are nearly up', async () => {
    const { hub, fake, clock } = await setup();
    await hub.auditActions();
    clock.t += 5 * 60_000;
    await hub.auditActions();
    expect(fake.issuedTokens).toHaveLength(1);
    clock.t += 5 * 60_000 + 1;
    await hub.auditActions();
    expect(fake.issuedTokens).toHaveLength(2);
    expect(statuses(fake, '/v2/auditlogs/acme/actions')).toEqual([200, 200, 200]);
  });

  it('names DOCKER_TOKEN, not the token, when the exchange is refused', async () => {
    const { hub } = await setup({}, { token: 'dckr_oat_wrong' });
    const err = await hub.auditActions().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'auth_failed', status: 401, endpoint: 'POST /v2/auth/token' });
    expect((err as Error).message).toContain('DOCKER_TOKEN rejected (401');
    expect((err as Error).message).toContain('DOCKER_USERNAME (for a PAT) or DOCKER_ORG (for an OAT)');
    expect((err as Error).message).not.toContain('dckr_oat_wrong');
  });
});

describe('Enterprise Data client', () => {
  const days = (n: number) =>
    Array.from({ length: n }, (_, i) => new Date(T0 - (i + 1) * DAY_MS).toISOString().slice(0, 10));

  it('lists report types and pages reports with page tokens', async () => {
    const pullReports = new Map(days(150).map((d) => [d, generateUsagePullsCsv(d, 2)]));
    const { data, fake } = await setup({ pullReports });
    expect(await data.reportTypes()).toContainEqual({ type: 'usage_pulls', cadence: 'daily' });
    const pages = await collect(data.reports('usage_pulls', 'daily'));
    expect(pages.map((p) => p.length)).toEqual([100, 50]);
    expect(pages[0]?.[0]).toMatchObject({ type: 'usage_pulls', cadence: 'daily', date: days(1)[0] });
    const listed = fake.requests.filter(
      (r) => r.path === '/enterprise-data/v1/orgs/acme/reports/usage_pulls/daily',
    );
    expect(listed.map((r) => r.query.page_token === undefined)).toEqual([true, false]);
  });

  it('refreshes the bearer once on a 401', async () => {
    const { data, fake } = await setup();
    await data.reportTypes();
    fake.expireTokens();
    await data.reportTypes();
    expect(statuses(fake, '/enterprise-data/v1/orgs/acme/reports')).toEqual([200, 401, 200]);
  });

  for (const columns of ['full', 'minimal', 'legacy'] as const) {
    it(`downloads through the 302 without Authorization and parses the ${columns} columns`, async () => {
      const [day = ''] = days(1);
      const csv = generateUsagePullsCsv(day, 300, { columns });
      const { data, fake } = await setup({ pullReports: new Map([[day, csv]]) });
      const result = await parseUsagePulls(await data.download('usage_pulls', 'daily', day));

      const expected = new Map<string, number>();
      for (const row of parse(csv, { columns: true }) as Record<string, string>[]) {
        const image = row.namespace
          ? `${row.namespace}/${row.image_repository}`
          : (row.image_repository ?? row.repository);
        const count = Number(row.event_count ?? row.pull_count);
        expected.set(image ?? '', (expected.get(image ?? '') ?? 0) + count);
      }
      expect(result.rows).toBe(300);
      expect(Object.fromEntries(result.byDay.get(day) ?? [])).toEqual(Object.fromEntries(expected));
      expect(fake.requests.find((r) => r.path.endsWith('/download'))).toMatchObject({ status: 302 });
      const s3 = fake.requests.filter((r) => r.host === 's3');
      expect(s3).toEqual([expect.objectContaining({ status: 200 })]);
      expect(s3[0]?.authorization).toBeUndefined();
    });
  }

  it('asks for a new pre-signed URL once when S3 answers 403', async () => {
    const [day = ''] = days(1);
    const { data, fake } = await setup({ pullReports: new Map([[day, generateUsagePullsCsv(day, 5)]]) });
    fake.failNext('/acme/usage_pulls/', { status: 403 });
    const result = await parseUsagePulls(await data.download('usage_pulls', 'daily', day));
    expect(result.rows).toBe(5);
    expect(fake.requests.filter((r) => r.path.endsWith('/download'))).toHaveLength(2);
    expect(fake.requests.filter((r) => r.host === 's3').map((r) => r.status)).toEqual([403, 200]);
  });

  it('reports a bad count with its line', async () => {
    const [day = ''] = days(1);
    const csv = `day,image_repository,namespace,tag,event_count\n${day},web,acme,latest,3\n${day},api,acme,latest,n/a\n`;
    const { data } = await setup({ pullReports: new Map([[day, csv]]) });
    const stream = await data.download('usage_pulls', 'daily', day);
    await expect(parseUsagePulls(stream)).rejects.toThrow(
      'usage_pulls line 3, column event_count: "n/a" is not a number',
    );
  });
});
