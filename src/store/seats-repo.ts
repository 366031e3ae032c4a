import type { IdleMember } from '../domain/seat-records.js';
import type { ActivityKind, SeatCounts, SeatSettings } from '../domain/seats.js';
import { chunks } from './chunks.js';
import type { Queryable } from './db.js';
import { CLASSIFIED_MEMBERS, epochMs, SEAT_COUNTS } from './seats-sql.js';

/** What the seat queries read of the settings. */
export type SeatQuery = Pick<SeatSettings, 'graceDays' | 'exempt'>;

/** A pending invite (`GET /v2/orgs/{org}/invites`, docker-apis.md §3.5). */
export interface SeatInvite {
  id: string;
  invitee: string;
  inviter: string;
  team: string;
  createdAt: string | null;
}

type CountsRow = Record<
  | 'members'
  | 'invites'
  | 'active'
  | 'idle30'
  | 'idle60'
  | 'idle90'
  | 'never_active'
  | 'new_members'
  | 'exempt'
  | 'guests',
  number
>;

export function toCounts(r: CountsRow | undefined): SeatCounts {
  return {
    members: r?.members ?? 0,
    invites: r?.invites ?? 0,
    active: r?.active ?? 0,
    idle30: r?.idle30 ?? 0,
    idle60: r?.idle60 ?? 0,
    idle90: r?.idle90 ?? 0,
    neverActive: r?.never_active ?? 0,
    newMembers: r?.new_members ?? 0,
    exempt: r?.exempt ?? 0,
    guests: r?.guests ?? 0,
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const seatParams = (org: string, q: SeatQuery, now: Date) => [org, now, q.graceDays, q.exempt];

/** Seat counts, idle members, invites and exemptions: aggregates in SQL, never every member through the driver. */
export function createSeatsRepo(db: Queryable) {
  return {
    async counts(org: string, q: SeatQuery, now: Date): Promise<SeatCounts> {
      const [row] = await db.query<CountsRow>(SEAT_COUNTS, seatParams(org, q, now));
      return toCounts(row);
    },

    /** Idle and never-active members, the longest idle first (never active: idle since joining). */
    async idle(
      org: string,
      q: SeatQuery,
      now: Date,
      limit: number,
    ): Promise<{ members: IdleMember[]; total: number }> {
      const rows = await db.query<{
        total: number;
        username: string;
        name: string;
        teams: string[] | null;
        role: string;
        status: 'idle' | 'never-active';
        activity_kind: ActivityKind | null;
        last_activity: number | null;
        date_joined: number | null;
      }>(
        `SELECT username, name, teams, role, status, activity_kind, ${epochMs('last_activity', 'last_activity')},
           ${epochMs('date_joined', 'date_joined')}, count(*) OVER () AS total
         FROM (${CLASSIFIED_MEMBERS}) c
         -- Inactive for 30 days first (cheap): only those need their status worked out.
         WHERE (last_activity IS NULL OR last_activity <= $2::timestamptz - make_interval(hours => 24 * 30))
           AND status IN ('idle', 'never-active')
         ORDER BY COALESCE(last_activity, date_joined) ASC NULLS FIRST, member_key LIMIT $5`,
        [...seatParams(org, q, now), Math.max(0, Math.floor(limit))],
      );
      const members = rows.map((r) => {
        const at = iso(r.last_activity);
        return {
          username: r.username,
          name: r.name,
          teams: r.teams ?? [],
          role: r.role,
          status: r.status,
          activity: at && r.activity_kind ? { at, kind: r.activity_kind } : null,
          idleDays:
            r.last_activity === null ? null : Math.floor((now.getTime() - r.last_activity) / 86_400_000),
          dateJoined: iso(r.date_joined),
        };
      });
      return { members, total: rows[0]?.total ?? 0 };
    },

    /** The pending invites as a sync read them: the organization's list replaced whole. */
    async replaceInvites(org: string, invites: SeatInvite[], source: string): Promise<void> {
      await db.query('DELETE FROM seat_invites WHERE org = $1', [org]);
      const unique = new Map(invites.map((i) => [i.invitee.trim().toLowerCase(), i]));
      for (const c of chunks([...unique])) {
        await db.query(
          `INSERT INTO seat_invites (org, invite_key, invite_id, invitee, inviter, team, created_at, source)
           SELECT $1, *, $8 FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])`,
          [
            org,
            c.map(([key]) => key),
            c.map(([, i]) => i.id),
            c.map(([, i]) => i.invitee),
            c.map(([, i]) => i.inviter),
            c.map(([, i]) => i.team),
            c.map(([, i]) => i.createdAt),
            source,
          ],
        );
      }
    },

    async exempt(org: string, username: string, by: string, at: Date): Promise<boolean> {
      const rows = await db.query(
        `INSERT INTO seat_exemptions (org, username_key, username, created_by, created_at) VALUES ($1, lower($2), $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING username`,
        [org, username, by, at],
      );
      return rows.length > 0;
    },

    async unexempt(org: string, username: string): Promise<boolean> {
      const rows = await db.query(
        'DELETE FROM seat_exemptions WHERE org = $1 AND username_key = lower($2) RETURNING username',
        [org, username],
      );
      return rows.length > 0;
    },

    async exemptions(org: string): Promise<Array<{ username: string; by: string; at: Date }>> {
      return db.query(
        'SELECT username, created_by AS by, created_at AS at FROM seat_exemptions WHERE org = $1 ORDER BY username_key',
        [org],
      );
    },

    async memberTeams(org: string, username: string): Promise<string[] | null> {
      const [row] = await db.query<{ teams: string[] | null }>(
        'SELECT teams FROM members WHERE org = $1 AND lower(username) = lower($2) LIMIT 1',
        [org, username],
      );
      return row ? (row.teams ?? []) : null;
    },

    /** The member a username (or email) names, as stored: null when the organization has no such member. */
    async findMember(
      org: string,
      who: string,
    ): Promise<{ memberKey: string; username: string; email: string; role: string } | null> {
      const [row] = await db.query<{ member_key: string; username: string; email: string; role: string }>(
        `SELECT member_key, username, email, role FROM members
         WHERE org = $1 AND type <> 'Invitee' AND (lower(username) = lower($2) OR lower(email) = lower($2))
         ORDER BY (lower(username) = lower($2)) DESC LIMIT 1`,
        [org, who],
      );
      return row
        ? { memberKey: row.member_key, username: row.username, email: row.email, role: row.role }
        : null;
    },
  };
}

export type SeatsRepo = ReturnType<typeof createSeatsRepo>;
