import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AUDIT_ACTION_CATALOG,
  csvHeader,
  type FakeAuditLog,
  type FakeDocker,
  type FakeMember,
  generateAuditLogs,
  generateMembers,
  generateUsagePullsCsv,
  MEMBERS_EXPORT_COLUMNS,
  startFakeDocker,
  USAGE_PULLS_COLUMNS,
} from './support/fake-docker.js';

const T0 = Date.parse('2026-06-17T08:00:00Z');
const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/docker/${name}`, import.meta.url), 'utf8');

type Json = Record<string, unknown>;
interface Page {
  count: number;
  next: string | null;
  previous: string | null;
  results: FakeMember[];
}

let clock = T0;
let fake: FakeDocker;

async function token(identifier = 'acme', secret = 'dckr_oat_test'): Promise<string> {
  const res = await fetch(`${fake.hubUrl}/v2/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ identifier, secret }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

function get(url: string, bearer?: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, headers: bearer ? { Authorization: `Bearer ${bearer}` } : {} });
}

async function getJson<T = Json>(url: string, bearer?: string): Promise<{ status: number; body: T }> {
  const res = await get(url, bearer);
  return { status: res.status, body: (await res.json()) as T };
}

function reports(days: number, start = '2026-06-16'): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i < days; i++) {
    const day = new Date(Date.parse(`${start}T00:00:00Z`) - i * 86_400_000).toISOString().slice(0, 10);
    map.set(day, generateUsagePullsCsv(day, 5, { columns: i % 2 ? 'legacy' : 'full' }));
  }
  return map;
}

beforeEach(async () => {
  clock = T0;
  fake = await startFakeDocker({ now: () => clock, pullReports: reports(5) });
});
afterEach(async () => {
  await fake.close();
});

describe('auth', () => {
  it('exchanges an OAT or a PAT for a JWT with an exp claim', async () => {
    for (const [identifier, secret] of [
      ['acme', 'dckr_oat_test'],
      ['alice', 'dckr_pat_test'],
    ] as const) {
      const jwt = await token(identifier, secret);
      const parts = jwt.split('.');
      expect(parts).toHaveLength(3);
      const claims = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString()) as {
        exp: number;
        iat: number;
      };
      expect(claims.iat).toBe(T0 / 1000);
      expect(claims.exp).toBe(T0 / 1000 + 600);
    }
    expect(fake.issuedTokens).toHaveLength(2);
  });

  it('rejects wrong credentials with 401, malformed JSON with 400, and sends rate-limit headers', async () => {
    const post = (body: string) => fetch(`${fake.hubUrl}/v2/auth/token`, { method: 'POST', body });
    const wrong = await post(JSON.stringify({ identifier: 'acme', secret: 'dckr_oat_nope' }));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ detail: expect.any(String), message: expect.any(String) });
    expect(wrong.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
    expect(Number(wrong.headers.get('x-ratelimit-reset'))).toBeGreaterThan(T0 / 1000);
    expect(Number(wrong.headers.get('x-ratelimit-remaining'))).toBeGreaterThan(0);
    expect((await post('{nope')).status).toBe(400);
    expect((await post('{}')).status).toBe(400);
    expect((await get(`${fake.hubUrl}/v2/nothing-here`)).status).toBe(404);
    expect((await get(`${fake.apiUrl}/enterprise-data/v1/nothing`)).status).toBe(404);
  });

  it('expires tokens on the server clock and on expireTokens()', async () => {
    const url = `${fake.hubUrl}/v2/orgs/acme/members`;
    const jwt = await token();
    expect((await get(url, jwt)).status).toBe(200);
    clock += 599_000;
    expect((await get(url, jwt)).status).toBe(200);
    clock += 1_000;
    const expired = await getJson(url, jwt);
    expect(expired.status).toBe(401);
    expect(expired.body).toHaveProperty('detail');
    const auditExpired = await getJson(`${fake.hubUrl}/v2/auditlogs/acme`, jwt);
    expect(auditExpired).toEqual({
      status: 401,
      body: { code: 16, message: 'unauthenticated', details: [] },
    });
    expect(await getJson(`${fake.apiUrl}/enterprise-data/v1/orgs/acme/reports`, jwt)).toEqual({
      status: 401,
      body: { error: 'unauthenticated' },
    });

    const fresh = await token();
    expect((await get(url, fresh)).status).toBe(200);
    fake.expireTokens();
    expect((await get(url, fresh)).status).toBe(401);
    expect((await get(url)).status).toBe(401);
    expect(fake.requests.at(-1)).toMatchObject({ host: 'hub', method: 'GET', status: 401 });
  });
});

describe('members', () => {
  async function walk(first: string, jwt: string): Promise<{ pages: Page[]; members: FakeMember[] }> {
    const pages: Page[] = [];
    let url: string | null = first;
    while (url) {
      const { status, body }: { status: number; body: Page | Page[] } = await getJson<Page | Page[]>(
        url,
        jwt,
      );
      expect(status).toBe(200);
      const page: Page | undefined = Array.isArray(body) ? body[0] : body;
      if (!page) throw new Error('empty array envelope');
      expect(Array.isArray(body)).toBe(fake.membersEnvelope === 'array');
      pages.push(page);
      url = page.next;
    }
    return { pages, members: pages.flatMap((p) => p.results) };
  }

  it('pages to the end with full next/previous URLs, in both envelopes', async () => {
    const jwt = await token();
    const nonInvitees = fake.members.filter((m) => m.role !== 'Invitee');
    for (const envelope of ['object', 'array'] as const) {
      fake.membersEnvelope = envelope;
      const { pages, members } = await walk(`${fake.hubUrl}/v2/orgs/acme/members?page_size=15`, jwt);
      expect(pages).toHaveLength(Math.ceil(nonInvitees.length / 15));
      expect(pages[0]?.previous).toBeNull();
      expect(pages[0]?.next).toBe(`${fake.hubUrl}/v2/orgs/acme/members?page_size=15&page=2`);
      expect(pages[1]?.previous).toBe(`${fake.hubUrl}/v2/orgs/acme/members?page_size=15&page=1`);
      expect(pages.at(-1)?.next).toBeNull();
      expect(pages.every((p) => p.count === nonInvitees.length)).toBe(true);
      expect(members.map((m) => m.username)).toEqual(nonInvitees.map((m) => m.username));
    }
    const past = await getJson(`${fake.hubUrl}/v2/orgs/acme/members?page_size=15&page=99`, jwt);
    expect(past).toEqual({
      status: 404,
      body: { errinfo: {}, detail: 'Invalid page.', message: 'Invalid page.' },
    });
  });

  it('applies the default page size, the cap, and the type/role/invites/search filters', async () => {
    const jwt = await token('alice', 'dckr_pat_test');
    const base = `${fake.hubUrl}/v2/orgs/acme/members`;
    expect((await getJson<Page>(base, jwt)).body.results).toHaveLength(10);
    fake.members = generateMembers(250, { now: new Date(T0) });
    expect((await getJson<Page>(`${base}?page_size=500`, jwt)).body.results).toHaveLength(100);

    const invitees = fake.members.filter((m) => m.role === 'Invitee').length;
    expect(invitees).toBeGreaterThan(0);
    expect((await getJson<Page>(`${base}?type=invitee`, jwt)).body.count).toBe(invitees);
    expect((await getJson<Page>(`${base}?invites=true`, jwt)).body.count).toBe(250);
    expect((await getJson<Page>(`${base}?type=all`, jwt)).body.count).toBe(250);
    expect((await getJson<Page>(`${base}?type=member`, jwt)).body.count).toBe(250 - invitees);
    const owners = await walk(`${base}?role=owner&page_size=100`, jwt);
    expect(owners.members.length).toBeGreaterThan(1);
    expect(owners.members.every((m) => m.role === 'Owner')).toBe(true);
    const editors = (await getJson<Page>(`${base}?role=editor&page_size=100`, jwt)).body.results;
    expect(editors.length).toBeGreaterThan(0);
    expect(editors.every((m) => m.role === 'Editor')).toBe(true);
    const found = (await getJson<Page>(`${base}?search=ALICE@ACME`, jwt)).body;
    expect(found.results.map((m) => m.username)).toEqual(['alice']);
    expect(found.results[0]).toMatchObject({
      last_seen_at: expect.any(String),
      last_desktop_version: /^4\./,
    });

    expect((await getJson(`${base}?role=admin`, jwt)).status).toBe(400);
    expect((await getJson(`${fake.hubUrl}/v2/orgs/other/members`, jwt)).status).toBe(404);
  });

  it('exports CSV with the documented columns and Content-Disposition', async () => {
    const res = await get(`${fake.hubUrl}/v2/orgs/acme/members/export`, await token());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment;filename="acme-members-${T0 / 1000}.csv"`,
    );
    const lines = (await res.text()).trimEnd().split('\n');
    expect(csvHeader(lines[0] ?? '')).toEqual(MEMBERS_EXPORT_COLUMNS);
    expect(lines).toHaveLength(fake.members.length + 1);
    expect(lines[1]).toMatch(/^Alice Anderson,alice,alice@acme\.example\.com,User,Owner,"owners, platform",/);
    expect(lines[1]).toMatch(/,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)? \+0000 UTC$/);
    expect(lines.some((l) => /,Invitee,Member,/.test(l))).toBe(true);
  });
});

describe('audit logs', () => {
  const logs: FakeAuditLog[] = generateAuditLogs(60, {
    org: 'acme',
    from: new Date(T0 - 7 * 86_400_000),
    to: new Date(T0),
  });

  it('pages newest first with default page_size 25 and no count/next', async () => {
    fake.auditLogs = [...logs].reverse();
    const jwt = await token();
    const url = `${fake.hubUrl}/v2/auditlogs/acme`;
    const first = await getJson<{ logs: FakeAuditLog[] }>(url, jwt);
    expect(Object.keys(first.body)).toEqual(['logs']);
    expect(first.body.logs).toHaveLength(25);
    const all: FakeAuditLog[] = [];
    for (let page = 1; ; page++) {
      const { body } = await getJson<{ logs: FakeAuditLog[] }>(`${url}?page=${page}&page_size=25`, jwt);
      all.push(...body.logs);
      if (body.logs.length < 25) break;
    }
    expect(all).toEqual(logs);
    const times = all.map((l) => Date.parse(l.timestamp));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect((await getJson<{ logs: unknown[] }>(`${url}?page=9`, jwt)).body.logs).toEqual([]);
  });

  it('filters by from (inclusive), to (exclusive), action, actor and name', async () => {
    fake.auditLogs = logs;
    const jwt = await token();
    const base = `${fake.hubUrl}/v2/auditlogs/acme?page_size=100`;
    const from = logs[40]?.timestamp ?? '';
    const to = logs[10]?.timestamp ?? '';
    const window = await getJson<{ logs: FakeAuditLog[] }>(`${base}&from=${from}&to=${to}`, jwt);
    expect(window.body.logs).toEqual(logs.slice(11, 41));

    const pushes = (await getJson<{ logs: FakeAuditLog[] }>(`${base}&action=repo.tag.push`, jwt)).body.logs;
    expect(pushes.length).toBe(logs.filter((l) => l.action === 'repo.tag.push').length);
    expect(pushes[0]?.data).toEqual({ digest: expect.stringMatching(/^sha256:/), tag: expect.any(String) });
    const sample = logs[3] as FakeAuditLog;
    const byActor = (await getJson<{ logs: FakeAuditLog[] }>(`${base}&actor=${sample.actor}`, jwt)).body.logs;
    expect(byActor.every((l) => l.actor === sample.actor)).toBe(true);
    const byName = (await getJson<{ logs: FakeAuditLog[] }>(`${base}&name=${sample.name}`, jwt)).body.logs;
    expect(byName).toContainEqual(sample);
    expect(byName.every((l) => l.name === sample.name)).toBe(true);

    expect(await getJson(`${base}&from=yesterday`, jwt)).toMatchObject({ status: 400, body: { code: 3 } });
    expect(await getJson(`${fake.hubUrl}/v2/auditlogs/someone-else`, jwt)).toMatchObject({
      status: 404,
      body: { code: 5, details: [] },
    });
  });

  it('lists the action catalog', async () => {
    const { status, body } = await getJson<{ actions: typeof AUDIT_ACTION_CATALOG }>(
      `${fake.hubUrl}/v2/auditlogs/acme/actions`,
      await token(),
    );
    expect(status).toBe(200);
    expect(Object.keys(body.actions)).toEqual(['billing', 'enterprise', 'offload', 'oidc', 'org', 'repo']);
    expect(body.actions.repo?.label).toBe('Repository');
    expect(body.actions.repo?.actions).toContainEqual({
      name: 'tag.push',
      description: 'Activities related to the tags pushed',
      label: 'Tag Pushed',
    });
  });
});

describe('queued failures', () => {
  it('serves queued 429s with Retry-After or X-Retry-After, in order, once each', async () => {
    const jwt = await token();
    const url = `${fake.hubUrl}/v2/auditlogs/acme`;
    const resetAt = String(T0 / 1000 + 30);
    fake.failNext('/v2/auditlogs', { status: 429, headers: { 'Retry-After': '2' } });
    fake.failNext('/v2/auditlogs', { status: 429, headers: { 'X-Retry-After': resetAt } });
    fake.failNext('/enterprise-data/v1/orgs/acme/reports', { status: 500 });
    fake.failNext('/v2/orgs', { status: 503 });

    const first = await get(url, jwt);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await first.json()).toEqual({ detail: 'Rate limit exceeded', error: false });
    const second = await get(url, jwt);
    expect(second.status).toBe(429);
    expect(second.headers.get('x-retry-after')).toBe(resetAt);
    expect((await get(url, jwt)).status).toBe(200);

    expect(await getJson(`${fake.apiUrl}/enterprise-data/v1/orgs/acme/reports`, jwt)).toEqual({
      status: 500,
      body: { error: 'internal error' },
    });
    expect((await getJson(`${fake.hubUrl}/v2/orgs/acme/members`, jwt)).status).toBe(503);
    expect((await getJson(`${fake.hubUrl}/v2/orgs/acme/members`, jwt)).status).toBe(200);
  });
});

describe('enterprise data', () => {
  const api = (path: string) => `${fake.apiUrl}/enterprise-data/v1/orgs/acme/reports${path}`;

  it('lists report types and pages reports most recent first with opaque tokens', async () => {
    const jwt = await token();
    expect(await getJson(api(''), jwt)).toEqual({
      status: 200,
      body: { report_types: [{ ReportType: 'usage_pulls', Cadence: 'daily' }] },
    });
    const dates: string[] = [];
    const tokens: string[] = [];
    let pageToken = '';
    do {
      const query = `?page_size=2${pageToken ? `&page_token=${pageToken}` : ''}`;
      const { status, body } = await getJson<{
        reports: Array<{ Date: string; Key: string; SizeBytes: number; ReportType: string; Cadence: string }>;
        next_page_token: string;
      }>(api(`/usage_pulls/daily${query}`), jwt);
      expect(status).toBe(200);
      for (const r of body.reports) {
        expect(r).toEqual({
          ReportType: 'usage_pulls',
          Cadence: 'daily',
          Date: r.Date,
          SizeBytes: Buffer.byteLength(fake.pullReports.get(r.Date) ?? 'missing'),
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
    const all = await getJson<{ reports: unknown[] }>(api('/usage_pulls/daily'), jwt);
    expect(all.body.reports).toHaveLength(5);
  });

  it('validates paths, page size and page token, and checks the org and token kind', async () => {
    const jwt = await token();
    const bad = (error: string) => ({ status: 400, body: { error } });
    expect(await getJson(api('/usage_pulls/daily?page_token=garbage!'), jwt)).toEqual(
      bad('invalid input: invalid page token'),
    );
    expect((await getJson(api('/usage_pulls/daily?page_size=0'), jwt)).status).toBe(400);
    expect((await getJson(api('/usage_pulls/daily?page_size=101'), jwt)).status).toBe(400);
    expect(await getJson(api('/Usage!/daily'), jwt)).toEqual(
      bad('invalid input: type contains invalid characters'),
    );
    expect(await getJson(api('/usage_pulls/daily/2026-02-30/schema'), jwt)).toEqual(
      bad('invalid input: date must be a valid YYYY-MM-DD date'),
    );
    expect(await getJson(api('/image_access/daily'), jwt)).toEqual({
      status: 404,
      body: { error: 'not found' },
    });
    expect(await getJson(api('/usage_pulls/daily/2026-01-01/download'), jwt)).toEqual({
      status: 404,
      body: { error: 'not found' },
    });
    expect(await getJson(`${fake.apiUrl}/enterprise-data/v1/orgs/other/reports`, jwt)).toEqual({
      status: 403,
      body: { error: 'permission denied' },
    });
    expect((await getJson(api(''), await token('alice', 'dckr_pat_test'))).status).toBe(403);
    expect((await getJson(api(''), 'dckr_oat_test')).status).toBe(200);
    expect(await getJson(api(''))).toEqual({ status: 401, body: { error: 'unauthenticated' } });
  });

  it('redirects downloads to the S3 host, which refuses Authorization and serves the CSV without it', async () => {
    const jwt = await token();
    const res = await get(api('/usage_pulls/daily/2026-06-16/download'), jwt, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = res.headers.get('location') ?? '';
    expect(location.startsWith(`${fake.s3Url}/acme/usage_pulls/daily/2026-06-16.csv?`)).toBe(true);
    const signed = new URL(location).searchParams;
    expect(signed.get('X-Amz-Expires')).toBe('900');
    expect(signed.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);

    const withAuth = await get(location, jwt);
    expect(withAuth.status).toBe(400);
    expect(withAuth.headers.get('content-type')).toBe('application/xml');
    expect(await withAuth.text()).toContain('Only one auth mechanism allowed');

    const plain = await get(location);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('text/csv');
    expect(await plain.text()).toBe(fake.pullReports.get('2026-06-16'));

    const tampered = location.replace('2026-06-16.csv', '2026-06-15.csv');
    expect((await get(tampered)).status).toBe(403);
    clock += 901_000;
    const expired = await get(location);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');
  });

  it('describes each report with a schema matching that CSV header', async () => {
    const jwt = await token();
    for (const day of ['2026-06-16', '2026-06-15']) {
      const { status, body } = await getJson<{ category: string; fields: Array<Record<string, string>> }>(
        api(`/usage_pulls/daily/${day}/schema`),
        jwt,
      );
      expect(status).toBe(200);
      expect(body.category).toBe('usage_pulls');
      expect(body.fields.map((f) => f.name)).toEqual(csvHeader(fake.pullReports.get(day) ?? ''));
      for (const f of body.fields) {
        expect(Object.keys(f)).toEqual(['name', 'type', 'description']);
        expect(['string', 'integer', 'date', 'timestamp', 'boolean', 'float']).toContain(f.type);
      }
    }
    const full = await getJson<{ fields: Array<{ name: string; type: string }> }>(
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

  it('serves 50,000 members and 100,000 audit events without per-request rescans', async () => {
    fake.members = generateMembers(50_000, { now: new Date(T0) });
    fake.auditLogs = generateAuditLogs(100_000, { from: new Date(T0 - 30 * 86_400_000), to: new Date(T0) });
    const jwt = await token();
    const started = performance.now();
    const last = await getJson<Page>(`${fake.hubUrl}/v2/orgs/acme/members?page_size=100&page=400`, jwt);
    expect(last.body.results).toHaveLength(100);
    for (let page = 1; page <= 50; page++) {
      const { body } = await getJson<{ logs: unknown[] }>(
        `${fake.hubUrl}/v2/auditlogs/acme?page_size=100&page=${page}&action=repo.tag.push`,
        jwt,
      );
      expect(body.logs).toHaveLength(100);
    }
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
