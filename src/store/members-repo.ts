import type { Member } from '../domain/insights.js';
import { chunks } from './chunks.js';
import type { Queryable } from './db.js';

/** A member is known by username, or by email when an export has no username. */
export function memberKey(m: Pick<Member, 'username' | 'email'>): string {
  return (m.username || m.email).trim().toLowerCase();
}

/** What a source knows of a member; null/undefined fields keep what another source said. */
export type MemberUpdate = Partial<Member> & Pick<Member, 'username' | 'email'>;

type MemberRow = {
  username: string;
  name: string;
  email: string;
  type: string;
  role: string;
  teams: string[] | null;
  date_joined: number | null;
  last_logged_in_at: number | null;
  last_seen_at: number | null;
  last_desktop_version: string | null;
  opted_out_analytics: boolean | null;
};

/** Instants as epoch milliseconds: the driver parses a number far faster than a timestamp (50,000 rows: ~40%). */
const epochMs = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8 AS ${column}`;
const SELECT_MEMBERS = `SELECT member_key, username, name, email, type, role, teams, ${epochMs('date_joined')},
  ${epochMs('last_logged_in_at')}, ${epochMs('last_seen_at')}, last_desktop_version, opted_out_analytics
  FROM members WHERE org = $1`;

const ANALYZE_AFTER = 1000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function toMember(r: MemberRow): Member {
  return {
    username: r.username,
    name: r.name,
    email: r.email,
    type: r.type,
    role: r.role,
    teams: r.teams ?? [],
    dateJoined: iso(r.date_joined),
    lastLoggedInAt: iso(r.last_logged_in_at),
    lastSeenAt: iso(r.last_seen_at),
    lastDesktopVersion: r.last_desktop_version,
    optedOutAnalytics: r.opted_out_analytics ?? false,
  };
}

export function createMembersRepo(db: Queryable) {
  const upsert = async (org: string, members: MemberUpdate[], source: string, now: Date) => {
    for (const c of chunks(members)) {
      const col = <T>(f: (m: MemberUpdate) => T) => c.map(f);
      await db.query(
        `INSERT INTO members (org, member_key, username, name, email, type, role, teams, date_joined,
           last_logged_in_at, last_seen_at, last_desktop_version, opted_out_analytics, is_guest, source, updated_at)
         SELECT $1, *, $15, $16
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[],
           $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::text[], $13::boolean[], $14::boolean[])
         ON CONFLICT (org, member_key) DO UPDATE SET
           username = COALESCE(NULLIF(EXCLUDED.username, ''), members.username),
           name = COALESCE(NULLIF(EXCLUDED.name, ''), members.name),
           email = COALESCE(NULLIF(EXCLUDED.email, ''), members.email),
           type = COALESCE(NULLIF(EXCLUDED.type, ''), members.type),
           role = COALESCE(NULLIF(EXCLUDED.role, ''), members.role),
           teams = COALESCE(EXCLUDED.teams, members.teams),
           date_joined = COALESCE(EXCLUDED.date_joined, members.date_joined),
           last_logged_in_at = COALESCE(EXCLUDED.last_logged_in_at, members.last_logged_in_at),
           last_seen_at = GREATEST(EXCLUDED.last_seen_at, members.last_seen_at),
           last_desktop_version = COALESCE(EXCLUDED.last_desktop_version, members.last_desktop_version),
           opted_out_analytics = COALESCE(EXCLUDED.opted_out_analytics, members.opted_out_analytics),
           is_guest = COALESCE(EXCLUDED.is_guest, members.is_guest),
           source = EXCLUDED.source,
           updated_at = EXCLUDED.updated_at`,
        [
          org,
          col(memberKey),
          col((m) => m.username ?? ''),
          col((m) => m.name ?? ''),
          col((m) => m.email ?? ''),
          col((m) => m.type ?? ''),
          col((m) => m.role ?? ''),
          col((m) => (m.teams ? JSON.stringify(m.teams) : null)),
          col((m) => m.dateJoined ?? null),
          col((m) => m.lastLoggedInAt ?? null),
          col((m) => m.lastSeenAt ?? null),
          col((m) => m.lastDesktopVersion ?? null),
          col((m) => m.optedOutAnalytics ?? null),
          col((m) => m.isGuest ?? null),
          source,
          now,
        ],
      );
    }
    // Fresh statistics after a bulk write, so reading members a page at a time walks the key index
    // (autovacuum would do it, but only a minute or so later).
    if (members.length >= ANALYZE_AFTER) await db.query('ANALYZE members');
  };

  return {
    upsert,

    /** The Hub members API lists the whole organization: members it no longer lists have left. */
    async removeAllExcept(org: string, keys: string[]): Promise<number> {
      const removed = await db.query(
        'DELETE FROM members WHERE org = $1 AND NOT (member_key = ANY($2::text[])) RETURNING member_key',
        [org, keys],
      );
      return removed.length;
    },

    async list(org: string): Promise<Member[]> {
      return (await db.query<MemberRow>(`${SELECT_MEMBERS} ORDER BY member_key`, [org])).map(toMember);
    },

    /** The members a page at a time, in key order: a large organization is never held whole. */
    async *pages(org: string, size = 5000): AsyncGenerator<Member[]> {
      let after = '';
      for (;;) {
        const rows = await db.query<MemberRow & { member_key: string }>(
          `${SELECT_MEMBERS} AND member_key > $2 ORDER BY member_key LIMIT ${Math.max(1, Math.floor(size))}`,
          [org, after],
        );
        if (rows.length > 0) yield rows.map(toMember);
        if (rows.length < size) return;
        after = rows.at(-1)?.member_key ?? after;
      }
    },

    /** Members on Docker Desktop 4.16 or older, which sends no Insights data. */
    async countOldDesktops(org: string): Promise<number> {
      const [row] = await db.query<{ n: number }>(
        `SELECT count(*) AS n FROM members WHERE org = $1 AND last_desktop_version ~ '^4\\.(1[0-6]|[0-9])(\\.|$)'`,
        [org],
      );
      return row?.n ?? 0;
    },

    async countOptedOut(org: string): Promise<number> {
      const [row] = await db.query<{ n: number }>(
        'SELECT count(*) AS n FROM members WHERE org = $1 AND opted_out_analytics IS TRUE',
        [org],
      );
      return row?.n ?? 0;
    },

    /** Forgets a member Docker no longer lists (removed through the Hub API). */
    async remove(org: string, key: string): Promise<void> {
      await db.query('DELETE FROM members WHERE org = $1 AND member_key = $2', [org, key]);
    },

    async count(org: string): Promise<number> {
      const [row] = await db.query<{ n: number }>('SELECT count(*) AS n FROM members WHERE org = $1', [org]);
      return row?.n ?? 0;
    },
  };
}

export type MembersRepo = ReturnType<typeof createMembersRepo>;

/**
 * The daily snapshot the members data allows: on `day`, the members seen that day or since (Docker
 * only keeps each member's *last* Desktop use), overall and per Desktop version. Opted-out users
 * send no data, so they are not counted.
 */
export async function snapshotMemberActivity(
  db: Queryable,
  org: string,
  day: string,
  source: string,
): Promise<void> {
  await db.query(
    `DELETE FROM daily_points WHERE org = $1 AND day = $2::date AND metric IN ('active_users', 'version_users')`,
    [org, day],
  );
  await db.query(
    `INSERT INTO daily_points (org, day, metric, key, value, source)
     SELECT $1, $2::date, 'active_users', '', count(*), $3 FROM members
       WHERE org = $1 AND last_seen_at >= ($2::date::timestamp AT TIME ZONE 'UTC') AND opted_out_analytics IS NOT TRUE
     UNION ALL
     SELECT $1, $2::date, 'version_users', last_desktop_version, count(*), $3 FROM members
       WHERE org = $1 AND last_seen_at >= ($2::date::timestamp AT TIME ZONE 'UTC') AND opted_out_analytics IS NOT TRUE
         AND last_desktop_version IS NOT NULL
       GROUP BY last_desktop_version`,
    [org, day, source],
  );
}
