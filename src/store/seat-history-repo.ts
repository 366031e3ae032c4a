import type { Day } from '../domain/period.js';
import type { SeatCounts } from '../domain/seats.js';
import type { Queryable } from './db.js';
import { type SeatQuery, seatParams } from './seats-repo.js';
import { SEAT_COUNTS } from './seats-sql.js';

/** One day of seat use (table `seat_snapshots`). */
export interface SeatSnapshot {
  day: Day;
  purchased: number | null;
  counts: SeatCounts;
  updatedAt: Date;
}

type SnapshotRow = {
  day: string;
  purchased: number | null;
  members: number;
  invites: number;
  active: number;
  idle30: number;
  idle60: number;
  idle90: number;
  never_active: number;
  new_members: number;
  exempt: number;
  guests: number;
  updated_at: Date;
};

const COLUMNS = `day::text AS day, purchased, members, invites, active, idle30, idle60, idle90, never_active,
  new_members, exempt, guests, updated_at`;

function toSnapshot(r: SnapshotRow): SeatSnapshot {
  return {
    day: r.day,
    purchased: r.purchased,
    counts: {
      members: r.members,
      invites: r.invites,
      active: r.active,
      idle30: r.idle30,
      idle60: r.idle60,
      idle90: r.idle90,
      neverActive: r.never_active,
      newMembers: r.new_members,
      exempt: r.exempt,
      guests: r.guests,
    },
    updatedAt: r.updated_at,
  };
}

/** The daily seat snapshots: the `seats` chart's history and the seat report's "since the last report". */
export function createSeatHistoryRepo(db: Queryable) {
  return {
    /** Counts the organization's seats now (in SQL) and stores them as `day`'s snapshot. */
    async record(org: string, day: Day, purchased: number | null, q: SeatQuery, now: Date): Promise<void> {
      await db.query(
        `INSERT INTO seat_snapshots (org, day, purchased, members, invites, active, idle30, idle60, idle90,
           never_active, new_members, exempt, guests, updated_at)
         SELECT $1, $5::date, $6::int, members, invites, active, idle30, idle60, idle90, never_active,
           new_members, exempt, guests, $2
         FROM (${SEAT_COUNTS}) AS counted
         ON CONFLICT (org, day) DO UPDATE SET purchased = EXCLUDED.purchased, members = EXCLUDED.members,
           invites = EXCLUDED.invites, active = EXCLUDED.active, idle30 = EXCLUDED.idle30,
           idle60 = EXCLUDED.idle60, idle90 = EXCLUDED.idle90, never_active = EXCLUDED.never_active,
           new_members = EXCLUDED.new_members, exempt = EXCLUDED.exempt, guests = EXCLUDED.guests,
           updated_at = EXCLUDED.updated_at`,
        [...seatParams(org, q, now), day, purchased],
      );
    },

    /** Stores given counts as `day`'s snapshot (the demo organization's history). */
    async put(org: string, snapshots: Array<Omit<SeatSnapshot, 'updatedAt'>>, at: Date): Promise<void> {
      for (const s of snapshots) {
        const c = s.counts;
        await db.query(
          `INSERT INTO seat_snapshots (org, day, purchased, members, invites, active, idle30, idle60, idle90,
             never_active, new_members, exempt, guests, updated_at)
           VALUES ($1, $2::date, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
           ON CONFLICT (org, day) DO NOTHING`,
          [
            org,
            s.day,
            s.purchased,
            c.members,
            c.invites,
            c.active,
            c.idle30,
            c.idle60,
            c.idle90,
            c.neverActive,
            c.newMembers,
            c.exempt,
            c.guests,
            at,
          ],
        );
      }
    },

    async range(org: string, from: Day, to: Day): Promise<SeatSnapshot[]> {
      const rows = await db.query<SnapshotRow>(
        `SELECT ${COLUMNS} FROM seat_snapshots WHERE org = $1 AND day BETWEEN $2::date AND $3::date ORDER BY day`,
        [org, from, to],
      );
      return rows.map(toSnapshot);
    },

    /** The latest snapshot on or before `day`; null when there is none. */
    async onOrBefore(org: string, day: Day): Promise<SeatSnapshot | null> {
      const [row] = await db.query<SnapshotRow>(
        `SELECT ${COLUMNS} FROM seat_snapshots WHERE org = $1 AND day <= $2::date ORDER BY day DESC LIMIT 1`,
        [org, day],
      );
      return row ? toSnapshot(row) : null;
    },
  };
}
