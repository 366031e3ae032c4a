import type { Member } from '../src/domain/insights.js';
import { openDatabase } from '../src/store/db.js';
import { createMembersRepo } from '../src/store/members-repo.js';
import { createSeatHistoryRepo } from '../src/store/seat-history-repo.js';
import { createSeatsRepo, type SeatInvite } from '../src/store/seats-repo.js';
import { TEST_DATABASE_URL } from '../test/support/databases.js';
import { seededRng } from '../test/support/fake-docker-data.js';

export const ORG = 'bigcorp';
export const MEMBERS = 100_000;
export const INVITES = 5_000;
export const PURCHASED = 110_000;
const DAY = 86_400_000;

/**
 * A large organization as the Hub syncs would leave it: about two thirds active in the last 30 days, an
 * idle tail out to a year and more, a few never active, new joiners, owners, guests and a `robots` team.
 */
export function bigOrganization(now: Date): { members: Member[]; invites: SeatInvite[] } {
  const rng = seededRng(21);
  const ago = (days: number) => new Date(now.getTime() - days * DAY - Math.floor(rng() * DAY)).toISOString();
  const members: Member[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    const r = rng();
    const joined = rng() < 0.03 ? Math.floor(rng() * 30) : 30 + Math.floor(rng() * 1800);
    const seen = r < 0.65 ? Math.floor(rng() * 30) : r < 0.85 ? 30 + Math.floor(rng() * 400) : null;
    const login =
      r >= 0.85 && r < 0.95
        ? 30 + Math.floor(rng() * 300)
        : seen === null
          ? null
          : seen + Math.floor(rng() * 20);
    members.push({
      username: `user${i}`,
      name: `User ${i}`,
      email: `user${i}@${ORG}.example`,
      type: 'User',
      role: i % 50 === 0 ? 'Owner' : 'Member',
      teams: i % 45 === 0 ? ['robots'] : [`team-${i % 40}`],
      dateJoined: ago(joined),
      lastLoggedInAt: login === null ? null : ago(Math.min(login, joined)),
      lastSeenAt: seen === null ? null : ago(Math.min(seen, joined)),
      lastDesktopVersion: seen === null ? null : `4.${30 + (i % 12)}.0`,
      optedOutAnalytics: false,
      isGuest: i % 12 === 0,
    });
  }
  const invites = Array.from({ length: INVITES }, (_, i) => ({
    id: `invite-${i}`,
    invitee: `invitee${i}@elsewhere.example`,
    inviter: 'user0',
    team: `team-${i % 40}`,
    createdAt: ago(Math.floor(rng() * 20)),
  }));
  return { members, invites };
}

export const SETTINGS = { graceDays: 30, exempt: ['robots'] };

/** Stores the organization and 90 days of snapshots in a fresh schema; returns the schema's database URL. */
export async function storeBigOrganization(schema: string, now: Date): Promise<string> {
  const db = await openDatabase({ databaseUrl: TEST_DATABASE_URL, schema });
  try {
    const { members, invites } = bigOrganization(now);
    await createMembersRepo(db).upsert(ORG, members, 'bench', now);
    await createSeatsRepo(db).replaceInvites(ORG, invites, 'bench');
    const history = createSeatHistoryRepo(db);
    for (let d = 90; d >= 1; d--) {
      const at = new Date(now.getTime() - d * DAY);
      await history.record(ORG, at.toISOString().slice(0, 10), PURCHASED, SETTINGS, at);
    }
    await db.query('ANALYZE');
  } finally {
    await db.close();
  }
  return `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const db = await openDatabase({ databaseUrl: TEST_DATABASE_URL, schema });
  await db.query(`DROP SCHEMA ${schema} CASCADE`);
  await db.close();
}
