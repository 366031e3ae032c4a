import type { Queryable } from './db.js';

export interface HomeVisit {
  user: string;
  firstAt: Date;
  lastAt: Date;
  /** Times the user opened the Home tab, this one included. */
  visits: number;
}

type VisitRow = {
  user_id: string;
  first_at: Date;
  last_at: Date;
  visits: number;
};

const toVisit = (r: VisitRow): HomeVisit => ({
  user: r.user_id,
  firstAt: new Date(r.first_at),
  lastAt: new Date(r.last_at),
  visits: Number(r.visits),
});

/** The Home tab's visitors (table `home_visits`, migration 009). */
export function createHomeVisitsRepo(db: Queryable) {
  return {
    /** Counts a visit; the returned visit says whether it was the user's first (`visits === 1`). */
    async record(user: string, at: Date): Promise<HomeVisit> {
      const rows = await db.query<VisitRow>(
        `INSERT INTO home_visits (user_id, first_at, last_at, visits) VALUES ($1, $2, $2, 1)
         ON CONFLICT (user_id) DO UPDATE SET last_at = GREATEST(home_visits.last_at, EXCLUDED.last_at),
           visits = home_visits.visits + 1
         RETURNING user_id, first_at, last_at, visits`,
        [user, at],
      );
      const row = rows[0];
      if (!row) throw new Error('recording a Home tab visit returned no row');
      return toVisit(row);
    },

    async get(user: string): Promise<HomeVisit | null> {
      const rows = await db.query<VisitRow>(
        'SELECT user_id, first_at, last_at, visits FROM home_visits WHERE user_id = $1',
        [user],
      );
      return rows[0] ? toVisit(rows[0]) : null;
    },

    /** Users who opened the Home tab since `since`, the most recent first. */
    async recent(since: Date, limit: number): Promise<string[]> {
      const rows = await db.query<{ user_id: string }>(
        'SELECT user_id FROM home_visits WHERE last_at >= $1 ORDER BY last_at DESC, user_id LIMIT $2',
        [since, limit],
      );
      return rows.map((r) => r.user_id);
    },
  };
}

export type HomeVisitsRepo = ReturnType<typeof createHomeVisitsRepo>;
