import type { ActivityKind } from '../domain/seats.js';
import type { Queryable } from './db.js';
import { type SeatQuery, seatParams } from './seats-repo.js';
import { CLASSIFIED_MEMBERS, epochMs } from './seats-sql.js';

export type AskRowState = 'asked' | 'kept' | 'released' | 'removed' | 'skipped' | 'not_found';

/** A member who may be asked about their seat. */
export interface AskCandidate {
  memberKey: string;
  username: string;
  name: string;
  email: string;
  teams: string[];
  /** The last activity, or the day they joined when never active: "idle since". */
  idleSince: string | null;
  activityKind: ActivityKind | null;
}

export interface SeatAsk {
  id: number;
  memberKey: string;
  username: string;
  state: AskRowState;
  slackUser: string | null;
  dmChannel: string | null;
  idleSince: Date | null;
  askedAt: Date;
  askedBy: string;
  remindedAt: Date | null;
  answeredAt: Date | null;
}

/** The latest ask of a member, with what the member is now (for the review and the removal). */
export interface AskReview extends SeatAsk {
  /** False when the member has left the organization since. */
  member: boolean;
  role: string;
  status: string | null;
  lastActivity: Date | null;
}

const ASK_COLUMNS = `a.id, a.member_key, a.username, a.state, a.slack_user, a.dm_channel, a.idle_since, a.asked_at,
  a.asked_by, a.reminded_at, a.answered_at`;

type AskRow = {
  id: number | string;
  member_key: string;
  username: string;
  state: AskRowState;
  slack_user: string | null;
  dm_channel: string | null;
  idle_since: Date | null;
  asked_at: Date;
  asked_by: string;
  reminded_at: Date | null;
  answered_at: Date | null;
};

const toAsk = (r: AskRow): SeatAsk => ({
  id: Number(r.id),
  memberKey: r.member_key,
  username: r.username,
  state: r.state,
  slackUser: r.slack_user,
  dmChannel: r.dm_channel,
  idleSince: r.idle_since,
  askedAt: r.asked_at,
  askedBy: r.asked_by,
  remindedAt: r.reminded_at,
  answeredAt: r.answered_at,
});

/** The latest ask per member of `$1`. */
const LATEST = `SELECT DISTINCT ON (member_key) * FROM seat_asks WHERE org = $1 ORDER BY member_key, id DESC`;

/** Asking idle members whether they still need their seat, and what came of it (table `seat_asks`). */
export function createSeatAsksRepo(db: Queryable) {
  return {
    /**
     * Idle (or never active) at least `minDays`, not an owner, not exempt, not new, not an invitee; not
     * asked already (waiting or released), and not answered "Keep" within `keepDays`. Longest idle first.
     */
    async candidates(
      org: string,
      q: SeatQuery,
      now: Date,
      options: { minDays: number; keepDays: number; limit: number },
    ): Promise<{ members: AskCandidate[]; total: number }> {
      const rows = await db.query<{
        member_key: string;
        username: string;
        name: string;
        email: string;
        teams: string[] | null;
        idle_since: number | null;
        activity_kind: ActivityKind | null;
        total: number;
      }>(
        `SELECT c.member_key, c.username, c.name, c.email, c.teams, c.activity_kind,
           ${epochMs('COALESCE(c.last_activity, c.date_joined)', 'idle_since')}, count(*) OVER () AS total
         FROM (${CLASSIFIED_MEMBERS}) c
         LEFT JOIN (${LATEST}) a ON a.member_key = c.member_key
         WHERE c.status IN ('idle', 'never-active') AND lower(c.role) <> 'owner'
           AND COALESCE(c.last_activity, c.date_joined, '-infinity') <= $2::timestamptz - make_interval(hours => 24 * $5)
           AND (a.state IS NULL OR a.state NOT IN ('asked', 'released'))
           AND (a.state IS DISTINCT FROM 'kept' OR a.answered_at <= $2::timestamptz - make_interval(hours => 24 * $6))
         ORDER BY COALESCE(c.last_activity, c.date_joined) ASC NULLS FIRST, c.member_key LIMIT $7`,
        [...seatParams(org, q, now), options.minDays, options.keepDays, options.limit],
      );
      return {
        total: rows[0]?.total ?? 0,
        members: rows.map((r) => ({
          memberKey: r.member_key,
          username: r.username,
          name: r.name,
          email: r.email,
          teams: r.teams ?? [],
          idleSince: r.idle_since === null ? null : new Date(r.idle_since).toISOString(),
          activityKind: r.activity_kind,
        })),
      };
    },

    async record(org: string, ask: Omit<SeatAsk, 'id' | 'remindedAt' | 'answeredAt'>): Promise<number> {
      const [row] = await db.query<{ id: number | string }>(
        `INSERT INTO seat_asks (org, member_key, username, state, slack_user, dm_channel, idle_since, asked_at, asked_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          org,
          ask.memberKey,
          ask.username,
          ask.state,
          ask.slackUser,
          ask.dmChannel,
          ask.idleSince,
          ask.askedAt,
          ask.askedBy,
        ],
      );
      return Number(row?.id);
    },

    async get(org: string, id: number): Promise<SeatAsk | null> {
      const [row] = await db.query<AskRow>(
        `SELECT ${ASK_COLUMNS} FROM seat_asks a WHERE org = $1 AND id = $2`,
        [org, id],
      );
      return row ? toAsk(row) : null;
    },

    /** Records the answer, once: false when the ask was no longer waiting for one. */
    async answer(org: string, id: number, state: 'kept' | 'released', at: Date): Promise<boolean> {
      const rows = await db.query(
        `UPDATE seat_asks SET state = $3, answered_at = $4 WHERE org = $1 AND id = $2 AND state = 'asked' RETURNING id`,
        [org, id, state, at],
      );
      return rows.length > 0;
    },

    /** Waiting asks first sent `days` ago or more and not reminded yet (one reminder each). */
    /**
     * Asks unanswered for `days`, not reminded yet, of members still in the organization, still idle
     * since they were asked (as the removal reads it, domain/seat-reclaim.ts) and not exempt since.
     */
    async dueReminders(org: string, q: SeatQuery, now: Date, days: number): Promise<SeatAsk[]> {
      const rows = await db.query<AskRow>(
        `SELECT ${ASK_COLUMNS} FROM seat_asks a JOIN (${CLASSIFIED_MEMBERS}) c ON c.member_key = a.member_key
         WHERE a.org = $1 AND a.state = 'asked' AND a.reminded_at IS NULL AND a.dm_channel IS NOT NULL
           AND a.asked_at <= $2::timestamptz - make_interval(hours => 24 * $5)
           AND c.status NOT IN ('active', 'exempt')
           AND (c.last_activity IS NULL OR c.last_activity <= a.idle_since)
         ORDER BY a.id`,
        [...seatParams(org, q, now), days],
      );
      return rows.map(toAsk);
    },

    async markReminded(org: string, id: number, at: Date): Promise<boolean> {
      const rows = await db.query(
        `UPDATE seat_asks SET reminded_at = $3 WHERE org = $1 AND id = $2 AND reminded_at IS NULL RETURNING id`,
        [org, id, at],
      );
      return rows.length > 0;
    },

    /** Closes an ask (removed, or skipped at removal), once. */
    async close(
      org: string,
      id: number,
      state: 'removed' | 'skipped',
      by: string,
      at: Date,
    ): Promise<boolean> {
      const rows = await db.query(
        `UPDATE seat_asks SET state = $3, closed_by = $4, closed_at = $5
         WHERE org = $1 AND id = $2 AND state IN ('asked', 'released') RETURNING id`,
        [org, id, state, by, at],
      );
      return rows.length > 0;
    },

    /** Every member's latest ask, with the member as they are now. */
    async review(org: string, q: SeatQuery, now: Date): Promise<AskReview[]> {
      const rows = await db.query<
        AskRow & { role: string | null; status: string | null; last_activity: Date | null; present: boolean }
      >(
        `SELECT ${ASK_COLUMNS}, c.role, c.status, c.last_activity, (c.member_key IS NOT NULL) AS present
         FROM (${LATEST}) a LEFT JOIN (${CLASSIFIED_MEMBERS}) c ON c.member_key = a.member_key
         ORDER BY a.asked_at, a.id`,
        seatParams(org, q, now),
      );
      return rows.map((r) => ({
        ...toAsk(r),
        member: r.present,
        role: r.role ?? '',
        status: r.status,
        lastActivity: r.last_activity,
      }));
    },
  };
}

export type SeatAsksRepo = ReturnType<typeof createSeatAsksRepo>;
