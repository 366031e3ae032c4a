import type { Metric, MetricPoint } from '../domain/insights.js';
import type { Day } from '../domain/period.js';
import { chunks } from './chunks.js';
import type { Queryable } from './db.js';

/** The daily history of Insights metrics: written by syncs and imports, read by charts and digests. */
export function createPointsRepo(db: Queryable) {
  return {
    /** Inserts or replaces points (same org, metric, day and key): re-running a sync changes nothing. */
    async upsert(org: string, points: MetricPoint[], source: string): Promise<number> {
      for (const chunk of chunks(points)) {
        await db.query(
          `INSERT INTO daily_points (org, day, metric, key, value, source)
           SELECT $1, d::date, m, k, v, $6 FROM unnest($2::text[], $3::text[], $4::text[], $5::float8[]) AS u(d, m, k, v)
           ON CONFLICT (org, metric, day, key) DO UPDATE
             SET value = EXCLUDED.value, source = EXCLUDED.source, updated_at = now()`,
          [
            org,
            chunk.map((p) => p.day),
            chunk.map((p) => p.metric),
            chunk.map((p) => p.key),
            chunk.map((p) => p.value),
            source,
          ],
        );
      }
      return points.length;
    },

    async range(org: string, from: Day, to: Day): Promise<MetricPoint[]> {
      const rows = await db.query<{ day: string; metric: Metric; key: string; value: number }>(
        `SELECT day::text AS day, metric, key, value FROM daily_points
         WHERE org = $1 AND day BETWEEN $2::date AND $3::date ORDER BY day, metric, key`,
        [org, from, to],
      );
      return rows;
    },

    /** The last day any metric has data for: the "data as of" date. */
    async latestDay(org: string): Promise<Day | null> {
      const [row] = await db.query<{ day: string | null }>(
        'SELECT max(day)::text AS day FROM daily_points WHERE org = $1',
        [org],
      );
      return row?.day ?? null;
    },

    /** Metrics some source has ever delivered for the org. */
    async providedMetrics(org: string): Promise<Set<Metric>> {
      const rows = await db.query<{ metric: Metric }>(
        'SELECT DISTINCT metric FROM daily_points WHERE org = $1',
        [org],
      );
      return new Set(rows.map((r) => r.metric));
    },
  };
}

export type PointsRepo = ReturnType<typeof createPointsRepo>;
