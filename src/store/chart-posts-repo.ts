import type { Queryable } from './db.js';

export interface ChartPost {
  at: Date;
  channel: string;
  requestedBy: string;
  chart: string;
  period: string;
  fileId: string | null;
  /** `posted`, or the reason it was not: `private_channel`, `failed`, … */
  outcome: string;
  durationMs: number;
}

export function createChartPostsRepo(db: Queryable) {
  return {
    async record(post: ChartPost): Promise<void> {
      await db.query(
        `INSERT INTO chart_posts (at, channel, requested_by, chart, period, file_id, outcome, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          post.at,
          post.channel,
          post.requestedBy,
          post.chart,
          post.period,
          post.fileId,
          post.outcome,
          post.durationMs,
        ],
      );
    },
    async recent(limit = 20): Promise<ChartPost[]> {
      const rows = await db.query<{
        at: Date;
        channel: string;
        requested_by: string;
        chart: string;
        period: string;
        file_id: string | null;
        outcome: string;
        duration_ms: number;
      }>(
        `SELECT at, channel, requested_by, chart, period, file_id, outcome, duration_ms
         FROM chart_posts ORDER BY at DESC, id DESC LIMIT $1`,
        [limit],
      );
      return rows.map((r) => ({
        at: r.at,
        channel: r.channel,
        requestedBy: r.requested_by,
        chart: r.chart,
        period: r.period,
        fileId: r.file_id,
        outcome: r.outcome,
        durationMs: r.duration_ms,
      }));
    },
  };
}

export type ChartPostsRepo = ReturnType<typeof createChartPostsRepo>;
