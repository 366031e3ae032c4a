import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_ACTION_CATALOG,
  csvHeader,
  type FakeMember,
  generateAuditLogs,
  generateMembers,
  generateUsagePullsCsv,
  MEMBERS_EXPORT_COLUMNS,
  USAGE_PULLS_COLUMNS,
} from './support/fake-docker.js';
import { fakeDockerPerTest, T0 } from './support/fake-docker-suite.js';

const d = fakeDockerPerTest();

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/docker/${name}`, import.meta.url), 'utf8');

interface Page {
  count: number;
  next: string | null;
  previous: string | null;
  results: FakeMember[];
}

describe('queued failures', () => {
  it('serves queued 429s with Retry-After or X-Retry-After, in order, once each', async () => {
    const jwt = await d.token();
    const url = `${d.fake.hubUrl}/v2/auditlogs/acme`;
    const resetAt = String(T0 / 1000 + 30);
    d.fake.failNext('/v2/auditlogs', { status: 429, headers: { 'Retry-After': '2' } });
    d.fake.failNext('/v2/auditlogs', { status: 429, headers: { 'X-Retry-After': resetAt } });
    d.fake.failNext('/enterprise-data/v1/orgs/acme/reports', { status: 500 });
    d.fake.failNext('/v2/orgs', { status: 503 });

    const first = await d.get(url, jwt);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await first.json()).toEqual({ detail: 'Rate limit exceeded', error: false });
    const second = await d.get(url, jwt);
    expect(second.status).toBe(429);
    expect(second.headers.get('x-retry-after')).toBe(resetAt);
    expect((await d.get(url, jwt)).status).toBe(200);

    expect(await d.getJson(`${d.fake.apiUrl}/enterprise-data/v1/orgs/acme/reports`, jwt)).toEqual({
      status: 500,
      body: { error: 'internal error' },
    });
    expect((await d.getJson(`${d.fake.hubUrl}/v2/orgs/acme/members`, jwt)).status).toBe(503);
    expect((await d.getJson(`${d.fake.hubUrl}/v2/orgs/acme/members`, jwt)).status).toBe(200);
  });
});

describe('enterprise data', () => {
  const api = (path: string) => `${d.fake.apiUrl}/enterprise-data/v1/orgs/acme/reports${path}`;

  it('lists report types and pages reports most recent first with opaque tokens', async () => {
    const jwt = await d.token();
    expect(await d.getJson(api(''), jwt)).toEqual({
      status: 200,
      body: { report_types: [{ ReportType: 'usage_pulls', Cadence: 'daily' }] },
    });
    const dates: string[] = [];
    const tokens: string[] = [];
    let pageToken = '';
    do {
      const query = `?page_size=2${pageToken ? `&page_token=${pageToken}` : ''}`;
      const { status, body } = await d.getJson<{
        reports: Array<{ Date: string; Key: string; SizeBytes: number; ReportType: string; Cadence: string }>;
        next_page_token: string;
      }>(api(`/usage_pulls/daily${query}`), jwt);
      expect(status).toBe(200);
      for (const r of body.reports) {
        expect(r).toEqual({
          ReportType: 'usage_pulls',
          Cadence: 'daily',
          Date: r.Date,
          SizeBytes: Buffer.byteLength(d.fake.pullReports.get(r.Date) ?? 'missing'),
          Key: `acme/usage_pulls/daily/${r.Date}.csv`,
        });
        dates.push(r.Date);
      }
      pageToken = body.next_page_token;
      tokens.push(pageToken);
    } while (pageToken);
    expect(dates).toEqual(['2026-06-16', '2026-06-15', '2026-06-14', '2026-06-13', '2026-06-12']);
    expect(tokens.at(-1)).toBe('');
    expect(tokens).toHaveLength(3);
    const all = await d.getJson<{ reports: unknown[] }>(api('/usage_pulls/daily'), jwt);
    expect(all.body.reports).toHaveLength(5);
  });

  it('validates paths, page size and page token, and checks the org and token kind', async () => {
    const jwt = await d.token();
    const bad = (error: string) => ({ status: 400, body: { error } });
    expect(await d.getJson(api('/usage_pulls/daily?page_token=garbage!'), jwt)).toEqual(
      bad('invalid input: invalid page token'),
    );
    expect((await d.getJson(api('/usage_pulls/daily?page_size=0'), jwt)).status).toBe(400);
    expect((await d.getJson(api('/usage_pulls/daily?page_size=101'), jwt)).status).toBe(400);
    expect(await d.getJson(api('/Usage!/daily'), jwt)).toEqual(
      bad('invalid input: type contains invalid characters'),
    );
    expect(await d.getJson(api('/usage_pulls/daily/2026-02-30/schema'), jwt)).toEqual(
      bad('invalid input: date must be a valid YYYY-MM-DD date'),
    );
    expect(await d.getJson(api('/image_access/daily'), jwt)).toEqual({
      status: 404,
      body: { error: 'not found' },
    });
    expect(await d.getJson(api('/usage_pulls/daily/2026-01-01/download'), jwt)).toEqual({
      status: 404,
      body: { error: 'not found' },
    });
    expect(await d.getJson(`${d.fake.apiUrl}/enterprise-data/v1/orgs/other/reports`, jwt)).toEqual({
      status: 403,
      body: { error: 'permission denied' },
    });
    expect((await d.getJson(api(''), await d.token('alice', 'dckr_pat_test'))).status).toBe(403);
    expect((await d.getJson(api(''), 'dckr_oat_test')).status).toBe(200);
    expect(await d.getJson(api(''))).toEqual({ status: 401, body: { error: 'unauthenticated' } });
  });

  it('redirects downloads to the S3 host, which refuses Authorization and serves the CSV without it', async () => {
    const jwt = await d.token();
    const res = await d.get(api('/usage_pulls/daily/2026-06-16/download'), jwt, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = res.headers.get('location') ?? '';
    expect(location.startsWith(`${d.fake.s3Url}/acme/usage_pulls/daily/2026-06-16.csv?`)).toBe(true);
    const signed = new URL(location).searchParams;
    expect(signed.get('X-Amz-Expires')).toBe('900');
    expect(signed.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);

    const withAuth = await d.get(location, jwt);
    expect(withAuth.status).toBe(400);
    expect(withAuth.headers.get('content-type')).toBe('application/xml');
    expect(await withAuth.text()).toContain('Only one auth mechanism allowed');

    const plain = await d.get(location);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('text/csv');
    expect(await plain.text()).toBe(d.fake.pullReports.get('2026-06-16'));

    const tampered = location.replace('2026-06-16.csv', '2026-06-15.csv');
    expect((await d.get(tampered)).status).toBe(403);
    d.clock += 901_000;
    const expired = await d.get(location);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');
  });

  it('describes each report with a schema matching that CSV header', async () => {
    const jwt = await d.token();
    for (const day of ['2026-06-16', '2026-06-15']) {
      const { status, body } = await d.getJson<{ category: string; fields: Array<Record<string, string>> }>(
        api(`/usage_pulls/daily/${day}/schema`),
        jwt,
      );
      expect(status).toBe(200);
      expect(body.category).toBe('usage_pulls');
      expect(body.fields.map((f) => f.name)).toEqual(csvHeader(d.fake.pullReports.get(day) ?? ''));
      for (const f of body.fields) {
        expect(Object.keys(f)).toEqual(['name', 'type', 'description']);
        expect(['string', 'integer', 'date', 'timestamp', 'boolean', 'float']).toContain(f.type);
      }
    }
    const full = await d.getJson<{ fields: Array<{ name: string; type: string }> }>(
      api('/usage_pulls/daily/2026-06-16/schema'),
      jwt,
    );
    expect(full.body.fields.map((f) => f.name)).toEqual([...USAGE_PULLS_COLUMNS.full]);
    expect(full.body.fields.find((f) => f.name === 'egress_size_bytes')?.type).toBe('integer');
  });
});

describe('generators, fixtures and scale', () => {
  it('generates deterministic data in the documented shapes', () => {
    expect(generateMembers(30, { seed: 4, now: new Date(T0) })).toEqual(
      generateMembers(30, { seed: 4, now: new Date(T0) }),
    );
    const plain = generateMembers(10, { insights: false, now: new Date(T0) });
    expect(plain.some((m) => 'last_seen_at' in m || 'last_logged_in_at' in m)).toBe(false);
    for (const [columns, header] of Object.entries(USAGE_PULLS_COLUMNS)) {
      const csv = generateUsagePullsCsv('2026-06-16', 3, {
        columns: columns as keyof typeof USAGE_PULLS_COLUMNS,
      });
      expect(csvHeader(csv)).toEqual([...header]);
      expect(csv.trimEnd().split('\n')).toHaveLength(4);
    }
    const actions = new Set(
      generateAuditLogs(500, { from: new Date(T0 - 86_400_000), to: new Date(T0) }).map((l) => l.action),
    );
    for (const a of [
      'repo.tag.push',
      'org.member.role.change',
      'enterprise.setting.policy.update',
      'enterprise.sso.connection.update',
      'org.member.add',
    ]) {
      expect(actions).toContain(a);
    }
    // Every action is `<group>.<name>` of the `/actions` catalog, as Docker sends it.
    const catalog = new Set(
      Object.entries(AUDIT_ACTION_CATALOG).flatMap(([group, g]) =>
        g.actions.map((a) => `${group}.${a.name}`),
      ),
    );
    expect([...actions].filter((a) => !catalog.has(a))).toEqual([]);
  });

  it('ships CSV fixtures with the documented headers', () => {
    expect(csvHeader(fixture('usage-pulls-full.csv'))).toEqual([...USAGE_PULLS_COLUMNS.full]);
    expect(csvHeader(fixture('usage-pulls-legacy.csv'))).toEqual([...USAGE_PULLS_COLUMNS.legacy]);
    expect(csvHeader(fixture('hub-members-export.csv'))).toEqual(MEMBERS_EXPORT_COLUMNS);
    expect(csvHeader(fixture('hub-members-export-role.csv'))).toEqual(
      MEMBERS_EXPORT_COLUMNS.map((c) => (c === 'Permission' ? 'Role' : c)),
    );
    expect(fixture('hub-members-export.csv')).toContain('"owners, developers, sre"');
  });

  it('serves the last page of 50,000 members and 50 pages of 100,000 audit events filtered by action', async () => {
    d.fake.members = generateMembers(50_000, { now: new Date(T0) });
    d.fake.auditLogs = generateAuditLogs(100_000, { from: new Date(T0 - 30 * 86_400_000), to: new Date(T0) });
    const jwt = await d.token();
    const last = await d.getJson<Page>(`${d.fake.hubUrl}/v2/orgs/acme/members?page_size=100&page=400`, jwt);
    expect(last.body.results).toHaveLength(100);
    for (let page = 1; page <= 50; page++) {
      const { body } = await d.getJson<{ logs: unknown[] }>(
        `${d.fake.hubUrl}/v2/auditlogs/acme?page_size=100&page=${page}&action=repo.tag.push`,
        jwt,
      );
      expect(body.logs).toHaveLength(100);
    }
  });
});
