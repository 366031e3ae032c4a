import { describe, expect, it } from 'vitest';
import {
  type AUDIT_ACTION_CATALOG,
  csvHeader,
  type FakeAuditLog,
  type FakeMember,
  generateAuditLogs,
  generateMembers,
  MEMBERS_EXPORT_COLUMNS,
} from './support/fake-docker.js';
import { fakeDockerPerTest, T0 } from './support/fake-docker-suite.js';

const d = fakeDockerPerTest();

interface Page {
  count: number;
  next: string | null;
  previous: string | null;
  results: FakeMember[];
}

describe('auth', () => {
  it('exchanges an OAT or a PAT for a JWT with an exp claim', async () => {
    for (const [identifier, secret] of [
      ['acme', 'dckr_oat_test'],
      ['alice', 'dckr_pat_test'],
    ] as const) {
      const jwt = await d.token(identifier, secret);
      const parts = jwt.split('.');
      expect(parts).toHaveLength(3);
      const claims = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString()) as {
        exp: number;
        iat: number;
      };
      expect(claims.iat).toBe(T0 / 1000);
      expect(claims.exp).toBe(T0 / 1000 + 600);
    }
    expect(d.fake.issuedTokens).toHaveLength(2);
  });

  it('rejects wrong credentials with 401, malformed JSON with 400, and sends rate-limit headers', async () => {
    const post = (body: string) => fetch(`${d.fake.hubUrl}/v2/auth/token`, { method: 'POST', body });
    const wrong = await post(JSON.stringify({ identifier: 'acme', secret: 'dckr_oat_nope' }));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ detail: expect.any(String), message: expect.any(String) });
    expect(wrong.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
    expect(Number(wrong.headers.get('x-ratelimit-reset'))).toBeGreaterThan(T0 / 1000);
    expect(Number(wrong.headers.get('x-ratelimit-remaining'))).toBeGreaterThan(0);
    expect((await post('{nope')).status).toBe(400);
    expect((await post('{}')).status).toBe(400);
    expect((await d.get(`${d.fake.hubUrl}/v2/nothing-here`)).status).toBe(404);
    expect((await d.get(`${d.fake.apiUrl}/enterprise-data/v1/nothing`)).status).toBe(404);
  });

  it('expires tokens on the server d.clock and on expireTokens()', async () => {
    const url = `${d.fake.hubUrl}/v2/orgs/acme/members`;
    const jwt = await d.token();
    expect((await d.get(url, jwt)).status).toBe(200);
    d.clock += 599_000;
    expect((await d.get(url, jwt)).status).toBe(200);
    d.clock += 1_000;
    const expired = await d.getJson(url, jwt);
    expect(expired.status).toBe(401);
    expect(expired.body).toHaveProperty('detail');
    const auditExpired = await d.getJson(`${d.fake.hubUrl}/v2/auditlogs/acme`, jwt);
    expect(auditExpired).toEqual({
      status: 401,
      body: { code: 16, message: 'unauthenticated', details: [] },
    });
    expect(await d.getJson(`${d.fake.apiUrl}/enterprise-data/v1/orgs/acme/reports`, jwt)).toEqual({
      status: 401,
      body: { error: 'unauthenticated' },
    });

    const fresh = await d.token();
    expect((await d.get(url, fresh)).status).toBe(200);
    d.fake.expireTokens();
    expect((await d.get(url, fresh)).status).toBe(401);
    expect((await d.get(url)).status).toBe(401);
    expect(d.fake.requests.at(-1)).toMatchObject({ host: 'hub', method: 'GET', status: 401 });
  });
});

describe('members', () => {
  async function walk(first: string, jwt: string): Promise<{ pages: Page[]; members: FakeMember[] }> {
    const pages: Page[] = [];
    let url: string | null = first;
    while (url) {
      const { status, body }: { status: number; body: Page | Page[] } = await d.getJson<Page | Page[]>(
        url,
        jwt,
      );
      expect(status).toBe(200);
      const page: Page | undefined = Array.isArray(body) ? body[0] : body;
      if (!page) throw new Error('empty array envelope');
      expect(Array.isArray(body)).toBe(d.fake.membersEnvelope === 'array');
      pages.push(page);
      url = page.next;
    }
    return { pages, members: pages.flatMap((p) => p.results) };
  }

  it('pages to the end with full next/previous URLs, in both envelopes', async () => {
    const jwt = await d.token();
    const nonInvitees = d.fake.members.filter((m) => m.role !== 'Invitee');
    for (const envelope of ['object', 'array'] as const) {
      d.fake.membersEnvelope = envelope;
      const { pages, members } = await walk(`${d.fake.hubUrl}/v2/orgs/acme/members?page_size=15`, jwt);
      expect(pages).toHaveLength(Math.ceil(nonInvitees.length / 15));
      expect(pages[0]?.previous).toBeNull();
      expect(pages[0]?.next).toBe(`${d.fake.hubUrl}/v2/orgs/acme/members?page_size=15&page=2`);
      expect(pages[1]?.previous).toBe(`${d.fake.hubUrl}/v2/orgs/acme/members?page_size=15&page=1`);
      expect(pages.at(-1)?.next).toBeNull();
      expect(pages.every((p) => p.count === nonInvitees.length)).toBe(true);
      expect(members.map((m) => m.username)).toEqual(nonInvitees.map((m) => m.username));
    }
    const past = await d.getJson(`${d.fake.hubUrl}/v2/orgs/acme/members?page_size=15&page=99`, jwt);
    expect(past).toEqual({
      status: 404,
      body: { errinfo: {}, detail: 'Invalid page.', message: 'Invalid page.' },
    });
  });

  it('applies the default page size, the cap, and the type/role/invites/search filters', async () => {
    const jwt = await d.token('alice', 'dckr_pat_test');
    const base = `${d.fake.hubUrl}/v2/orgs/acme/members`;
    expect((await d.getJson<Page>(base, jwt)).body.results).toHaveLength(10);
    d.fake.members = generateMembers(250, { now: new Date(T0) });
    expect((await d.getJson<Page>(`${base}?page_size=500`, jwt)).body.results).toHaveLength(100);

    const invitees = d.fake.members.filter((m) => m.role === 'Invitee').length;
    expect(invitees).toBeGreaterThan(0);
    expect((await d.getJson<Page>(`${base}?type=invitee`, jwt)).body.count).toBe(invitees);
    expect((await d.getJson<Page>(`${base}?invites=true`, jwt)).body.count).toBe(250);
    expect((await d.getJson<Page>(`${base}?type=all`, jwt)).body.count).toBe(250);
    expect((await d.getJson<Page>(`${base}?type=member`, jwt)).body.count).toBe(250 - invitees);
    const owners = await walk(`${base}?role=owner&page_size=100`, jwt);
    expect(owners.members.length).toBeGreaterThan(1);
    expect(owners.members.every((m) => m.role === 'Owner')).toBe(true);
    const editors = (await d.getJson<Page>(`${base}?role=editor&page_size=100`, jwt)).body.results;
    expect(editors.length).toBeGreaterThan(0);
    expect(editors.every((m) => m.role === 'Editor')).toBe(true);
    const found = (await d.getJson<Page>(`${base}?search=ALICE@ACME`, jwt)).body;
    expect(found.results.map((m) => m.username)).toEqual(['alice']);
    expect(found.results[0]).toMatchObject({
      last_seen_at: expect.any(String),
      last_desktop_version: /^4\./,
    });

    expect((await d.getJson(`${base}?role=admin`, jwt)).status).toBe(400);
    expect((await d.getJson(`${d.fake.hubUrl}/v2/orgs/other/members`, jwt)).status).toBe(404);
  });

  it('exports CSV with the documented columns and Content-Disposition', async () => {
    const res = await d.get(`${d.fake.hubUrl}/v2/orgs/acme/members/export`, await d.token());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment;filename="acme-members-${T0 / 1000}.csv"`,
    );
    const lines = (await res.text()).trimEnd().split('\n');
    expect(csvHeader(lines[0] ?? '')).toEqual(MEMBERS_EXPORT_COLUMNS);
    expect(lines).toHaveLength(d.fake.members.length + 1);
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
    d.fake.auditLogs = [...logs].reverse();
    const jwt = await d.token();
    const url = `${d.fake.hubUrl}/v2/auditlogs/acme`;
    const first = await d.getJson<{ logs: FakeAuditLog[] }>(url, jwt);
    expect(Object.keys(first.body)).toEqual(['logs']);
    expect(first.body.logs).toHaveLength(25);
    const all: FakeAuditLog[] = [];
    for (let page = 1; ; page++) {
      const { body } = await d.getJson<{ logs: FakeAuditLog[] }>(`${url}?page=${page}&page_size=25`, jwt);
      all.push(...body.logs);
      if (body.logs.length < 25) break;
    }
    expect(all).toEqual(logs);
    const times = all.map((l) => Date.parse(l.timestamp));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect((await d.getJson<{ logs: unknown[] }>(`${url}?page=9`, jwt)).body.logs).toEqual([]);
  });

  it('filters by from (inclusive), to (exclusive), action, actor and name', async () => {
    d.fake.auditLogs = logs;
    const jwt = await d.token();
    const base = `${d.fake.hubUrl}/v2/auditlogs/acme?page_size=100`;
    const from = logs[40]?.timestamp ?? '';
    const to = logs[10]?.timestamp ?? '';
    const window = await d.getJson<{ logs: FakeAuditLog[] }>(`${base}&from=${from}&to=${to}`, jwt);
    expect(window.body.logs).toEqual(logs.slice(11, 41));

    const pushes = (await d.getJson<{ logs: FakeAuditLog[] }>(`${base}&action=repo.tag.push`, jwt)).body.logs;
    expect(pushes.length).toBe(logs.filter((l) => l.action === 'repo.tag.push').length);
    expect(pushes[0]?.data).toEqual({ digest: expect.stringMatching(/^sha256:/), tag: expect.any(String) });
    const sample = logs[3] as FakeAuditLog;
    const byActor = (await d.getJson<{ logs: FakeAuditLog[] }>(`${base}&actor=${sample.actor}`, jwt)).body
      .logs;
    expect(byActor.every((l) => l.actor === sample.actor)).toBe(true);
    const byName = (await d.getJson<{ logs: FakeAuditLog[] }>(`${base}&name=${sample.name}`, jwt)).body.logs;
    expect(byName).toContainEqual(sample);
    expect(byName.every((l) => l.name === sample.name)).toBe(true);

    expect(await d.getJson(`${base}&from=yesterday`, jwt)).toMatchObject({ status: 400, body: { code: 3 } });
    expect(await d.getJson(`${d.fake.hubUrl}/v2/auditlogs/someone-else`, jwt)).toMatchObject({
      status: 404,
      body: { code: 5, details: [] },
    });
  });

  it('lists the action catalog', async () => {
    const { status, body } = await d.getJson<{ actions: typeof AUDIT_ACTION_CATALOG }>(
      `${d.fake.hubUrl}/v2/auditlogs/acme/actions`,
      await d.token(),
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
