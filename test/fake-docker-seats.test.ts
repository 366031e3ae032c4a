/**
 * The Hub routes of the seats work, as the spec shows them (`GET /v2/orgs/{org}/invites`,
 * `DELETE /v2/orgs/{org}/members/{username}`), and the bot's Hub client against them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DockerApiError } from '../src/docker/errors.js';
import { createHubClient } from '../src/docker/hub/client.js';
import {
  type FakeDocker,
  type FakeDockerOptions,
  generateMembers,
  SPEC_INVITE_EXAMPLE,
  startFakeDocker,
} from './support/fake-docker.js';

const T0 = Date.UTC(2026, 10, 21, 8);
let fake: FakeDocker | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(options: FakeDockerOptions = {}) {
  fake = await startFakeDocker({
    now: () => T0,
    members: generateMembers(40, { now: new Date(T0) }),
    ...options,
  });
  return fake;
}

async function token(f: FakeDocker, identifier: string, secret: string): Promise<string> {
  const res = await fetch(`${f.hubUrl}/v2/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ identifier, secret }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

const call = (f: FakeDocker, method: string, path: string, jwt?: string) =>
  fetch(`${f.hubUrl}${path}`, { method, headers: jwt ? { Authorization: `Bearer ${jwt}` } : {} });

describe('fake Docker: invites and member removal (spec)', () => {
  it('lists pending invites in the spec’s `{data:[invite]}` shape: the Invitee entries of the members list', async () => {
    const f = await start();
    const res = await call(f, 'GET', '/v2/orgs/acme/invites', await token(f, 'acme', 'dckr_oat_test'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: Array<Record<string, unknown>> };
    const invitees = f.members.filter((m) => m.role === 'Invitee');
    expect(invitees.length).toBeGreaterThan(0);
    expect(body.data.map((i) => i.invitee)).toEqual(invitees.map((m) => m.username));
    for (const invite of body.data) {
      expect(Object.keys(invite).sort()).toEqual(Object.keys(SPEC_INVITE_EXAMPLE).sort());
      expect(invite.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(invite.org).toBe('acme');
    }
  });

  it('answers 401 without a token, 403 to a PAT of a non-owner and to an OAT without the scope, 404 for another org', async () => {
    const f = await start({
      credentials: [
        { identifier: 'dave', secret: 'dckr_pat_dave' },
        { identifier: 'acme', secret: 'dckr_oat_read', scopes: ['scope-member-read'] },
        { identifier: 'acme', secret: 'dckr_oat_test' },
      ],
    });
    expect((await call(f, 'GET', '/v2/orgs/acme/invites')).status).toBe(401);
    const dave = await token(f, 'dave', 'dckr_pat_dave');
    const readOnly = await token(f, 'acme', 'dckr_oat_read');
    const forbidden = await call(f, 'DELETE', '/v2/orgs/acme/members/erin', dave);
    expect(forbidden.status).toBe(403);
    expect(Object.keys((await forbidden.json()) as object).sort()).toEqual(['detail', 'errinfo', 'message']);
    expect((await call(f, 'DELETE', '/v2/orgs/acme/members/erin', readOnly)).status).toBe(403);
    expect((await call(f, 'GET', '/v2/orgs/acme/invites', readOnly)).status).toBe(403);
    const full = await token(f, 'acme', 'dckr_oat_test');
    expect((await call(f, 'GET', '/v2/orgs/globex/invites', full)).status).toBe(404);
    expect(f.members.some((m) => m.username === 'erin')).toBe(true);
  });

  it('removes a member with 204 and no body; an unknown member is 404; the last owner stays (400)', async () => {
    const f = await start();
    const jwt = await token(f, 'acme', 'dckr_oat_test');
    const removed = await call(f, 'DELETE', '/v2/orgs/acme/members/erin', jwt);
    expect(removed.status).toBe(204);
    expect(await removed.text()).toBe('');
    expect(f.members.some((m) => m.username === 'erin')).toBe(false);
    expect((await call(f, 'DELETE', '/v2/orgs/acme/members/erin', jwt)).status).toBe(404);
    const owners = f.members.filter((m) => m.role === 'Owner');
    for (const owner of owners.slice(1)) {
      expect((await call(f, 'DELETE', `/v2/orgs/acme/members/${owner.username}`, jwt)).status).toBe(204);
    }
    const last = await call(f, 'DELETE', `/v2/orgs/acme/members/${owners[0]?.username}`, jwt);
    expect(last.status).toBe(400);
  });
});

describe('Hub client: invites and member removal', () => {
  const client = (f: FakeDocker, token = 'dckr_oat_test', username?: string) =>
    createHubClient({ baseUrl: f.hubUrl, org: 'acme', token, username, http: { now: () => T0 } });

  it('reads the invites and removes a member', async () => {
    const f = await start();
    const hub = client(f);
    const invites = await hub.invites();
    expect(invites.length).toBe(f.members.filter((m) => m.role === 'Invitee').length);
    expect(invites[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      invitee: expect.any(String),
      inviter: 'alice',
      team: expect.any(String),
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    await hub.removeMember('dave');
    expect(f.requests.filter((r) => r.method === 'DELETE').map((r) => [r.path, r.status])).toEqual([
      ['/v2/orgs/acme/members/dave', 204],
    ]);
  });

  it('says which permission is missing when Docker refuses a removal', async () => {
    const f = await start({ credentials: [{ identifier: 'dave', secret: 'dckr_pat_dave' }] });
    const err = await client(f, 'dckr_pat_dave', 'dave')
      .removeMember('erin')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerApiError);
    expect((err as DockerApiError).status).toBe(403);
    expect((err as Error).message).toContain('Member Edit (scope-member-edit)');
  });
});
