/**
 * The Hub routes the seats work uses (docker-apis.md §3.5 and §13, spec `invites` and `orgs`):
 * `GET /v2/orgs/{org}/invites` → `{"data":[invite…]}` and `DELETE /v2/orgs/{org}/members/{username}` → 204,
 * both "owners only". Errors are the spec's `error` shape (`{errinfo, detail, message}`).
 *
 * Choices where the spec is silent: the pending invites are the `Invitee` entries of the members list (the
 * same people `invites=true` adds there), invited by the first owner; a PAT may call these routes when its
 * Docker ID is an owner of the organization, an OAT when its credential lists the scope (or lists none);
 * removing the last owner is `400`; a removed member leaves the members list at once.
 */
import type { FakeMember } from './fake-docker-data.js';
import {
  type FakeRequest,
  type FakeResponse,
  type FakeState,
  hubError,
  json,
  type Principal,
} from './fake-docker-http.js';

/** The spec's `invite` example, the shape every listed invite takes. */
export const SPEC_INVITE_EXAMPLE = {
  id: 'e36eca69-4cc8-4f17-9845-ae8c2b832691',
  inviter_username: 'moby',
  invitee: 'invitee@docker.com',
  org: 'docker',
  team: 'owners',
  created_at: '2021-10-28T18:30:19.520861Z',
};

/** A uuid-shaped id from a member's (hex) id. */
function uuidOf(hex: string): string {
  const h = hex.padEnd(32, '0').slice(0, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function invitesOf(members: readonly FakeMember[], org: string): Array<typeof SPEC_INVITE_EXAMPLE> {
  const inviter = members.find((m) => m.role === 'Owner')?.username ?? 'owner';
  return members
    .filter((m) => m.role === 'Invitee')
    .map((m) => ({
      id: uuidOf(m.id),
      inviter_username: inviter,
      invitee: m.username,
      org,
      team: m.groups[0] ?? '',
      created_at: m.date_joined,
    }));
}

/** Owners only (§3.4): a PAT of an owner, or an OAT with the scope. */
function allowed(state: FakeState, who: Principal, scope: string): boolean {
  if (who.kind === 'oat') return !who.scopes || who.scopes.includes(scope);
  return state.members.some(
    (m) => m.role === 'Owner' && m.username.toLowerCase() === who.identifier.toLowerCase(),
  );
}

export function listInvites(state: FakeState, who: Principal, org: string): FakeResponse {
  if (!allowed(state, who, 'scope-invite-read')) {
    return hubError(403, 'only organization owners can list invites');
  }
  return json(200, { data: invitesOf(state.members, org) });
}

export function removeMember(state: FakeState, who: Principal, username: string): FakeResponse {
  if (!allowed(state, who, 'scope-member-edit')) {
    return hubError(403, 'only organization owners can remove members');
  }
  const index = state.members.findIndex(
    (m) => m.role !== 'Invitee' && m.username.toLowerCase() === username.toLowerCase(),
  );
  const member = state.members[index];
  if (!member) return hubError(404, 'Not found.');
  if (member.role === 'Owner' && state.members.filter((m) => m.role === 'Owner').length === 1) {
    return hubError(400, 'cannot remove the last owner of the organization');
  }
  state.members.splice(index, 1);
  return { status: 204, headers: {}, body: '' };
}

/** `/v2/orgs/{org}/invites` and `DELETE /v2/orgs/{org}/members/{username}`; undefined for other paths. */
export function seatRoutes(
  state: FakeState,
  req: FakeRequest,
  authenticate: (req: FakeRequest) => Principal | undefined,
): FakeResponse | undefined {
  const invites = /^\/v2\/orgs\/([^/]+)\/invites$/.exec(req.path);
  const member = req.method === 'DELETE' ? /^\/v2\/orgs\/([^/]+)\/members\/([^/]+)$/.exec(req.path) : null;
  const match = invites ?? member;
  if (!match) return undefined;
  if (invites && req.method !== 'GET') return hubError(405, `Method "${req.method}" not allowed.`);
  const who = authenticate(req);
  if (!who) return hubError(401, 'Authentication credentials were not provided or have expired.');
  const org = decodeURIComponent(match[1] ?? '');
  if (org.toLowerCase() !== state.org.toLowerCase()) return hubError(404, 'Not found.');
  return invites
    ? listInvites(state, who, org)
    : removeMember(state, who, decodeURIComponent(member?.[2] ?? ''));
}
