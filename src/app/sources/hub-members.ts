import type { HubMember } from '../../docker/hub/schema.js';
import { addDays, toDay } from '../../domain/period.js';
import {
  createMembersRepo,
  type MemberUpdate,
  memberKey,
  snapshotMemberActivity,
} from '../../store/members-repo.js';
import { dockerOf, type Source, type SourceContext, type SourceStep } from './source.js';

/** The Hub members API (docker-apis.md §3.4): members, roles, teams, Desktop versions, last seen. */
export const hubMembers: Source = {
  name: 'hub-members',
  label: 'Hub members API (members, versions, last seen)',
  setup: 'Set `DOCKER_TOKEN` (an organization access token) to turn it on.',
  configured: (ctx) => ctx.docker !== null,
  feeds: ['members', 'seats'],
  run: (ctx, now) => syncMembers(ctx, now),
};

async function syncMembers(deps: SourceContext, now: Date): Promise<SourceStep> {
  const repo = createMembersRepo(deps.db);
  // Page by page, so memory holds one page and the keys, not the whole organization.
  const keys: string[] = [];
  for await (const page of dockerOf(deps).hub.members()) {
    const members = page.map(toMemberUpdate);
    await repo.upsert(deps.org, members, 'hub', now);
    for (const m of members) keys.push(memberKey(m));
  }
  const day = addDays(toDay(now), -1);
  // Only a complete listing may remove members: a sync that failed midway removed no one.
  const removed = await deps.db.transaction(async (tx) => {
    const gone = await createMembersRepo(tx).removeAllExcept(deps.org, keys);
    await snapshotMemberActivity(tx, deps.org, day, 'hub-members');
    return gone;
  });
  return { detail: `${keys.length} members${removed ? `, ${removed} removed` : ''}`, dataAsOf: day };
}

function toMemberUpdate(m: HubMember): MemberUpdate {
  return {
    username: m.username,
    email: m.email ?? '',
    name: m.fullName ?? '',
    type: m.role === 'Invitee' ? 'Invitee' : 'User',
    role: m.role ?? '',
    teams: m.teams,
    dateJoined: m.dateJoined ?? null,
    lastLoggedInAt: m.lastLoggedInAt ?? null,
    lastSeenAt: m.lastSeenAt ?? null,
    lastDesktopVersion: m.lastDesktopVersion ?? null,
    isGuest: m.isGuest,
  };
}
