import type { Silence } from '../domain/alerts.js';
import type { Queryable } from './db.js';

export interface StoredSilence extends Silence {
  createdBy: string;
}

type SilenceRow = {
  id: number | string;
  matcher: string;
  starts_at: Date;
  ends_at: Date;
  created_by: string;
};

const toSilence = (r: SilenceRow): StoredSilence => ({
  id: Number(r.id),
  matcher: r.matcher,
  from: r.starts_at,
  until: r.ends_at,
  createdBy: r.created_by,
});

/** Silences of one organization (migrations 005 and 012); part of the alerts repository. */
export function createSilencesRepo(db: Queryable, org: string) {
  return {
    /** Silences that are active at `now` or ended within `lookbackMs` (a recently ended one re-notifies). */
    async silences(now: Date, lookbackMs = 90 * 86_400_000): Promise<StoredSilence[]> {
      const rows = await db.query<SilenceRow>(
        `SELECT id, matcher, starts_at, ends_at, created_by FROM silences
         WHERE org = $1 AND ends_at > $2 ORDER BY id`,
        [org, new Date(now.getTime() - lookbackMs)],
      );
      return rows.map(toSilence);
    },

    async addSilence(matcher: string, from: Date, until: Date, by: string): Promise<number> {
      const [row] = await db.query<{ id: number | string }>(
        `INSERT INTO silences (org, matcher, starts_at, ends_at, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $3) RETURNING id`,
        [org, matcher, from, until, by],
      );
      return Number(row?.id);
    },

    /** Ends an active silence now; returns its matcher, or null when there is no such active silence. */
    async endSilence(id: number, now: Date): Promise<string | null> {
      const [row] = await db.query<{ matcher: string }>(
        `UPDATE silences SET ends_at = $3 WHERE org = $1 AND id = $2 AND ends_at > $3 RETURNING matcher`,
        [org, id, now],
      );
      return row?.matcher ?? null;
    },

    /**
     * Silences that have ended by `now` whose end the messages do not show yet, marked as shown: the
     * caller updates those messages in the same transaction.
     */
    async takeEnded(now: Date): Promise<StoredSilence[]> {
      const rows = await db.query<SilenceRow>(
        `UPDATE silences SET end_shown = true
         WHERE org = $1 AND NOT end_shown AND ends_at <= $2
         RETURNING id, matcher, starts_at, ends_at, created_by`,
        [org, now],
      );
      return rows.map(toSilence).sort((a, b) => a.id - b.id);
    },
  };
}
