import type { Queryable } from './db.js';

/** The Enterprise Data API reports already read (each is read once). */
export function createReportsRepo(db: Queryable) {
  return {
    async syncedDays(org: string, reportType: string): Promise<Set<string>> {
      const rows = await db.query<{ day: string }>(
        'SELECT day::text AS day FROM synced_reports WHERE org = $1 AND report_type = $2',
        [org, reportType],
      );
      return new Set(rows.map((r) => r.day));
    },

    /** Records a report as read (inside the transaction that stored its rows). */
    async markSynced(org: string, reportType: string, day: string, rows: number, at: Date): Promise<void> {
      await db.query(
        `INSERT INTO synced_reports (org, report_type, day, rows, synced_at) VALUES ($1, $2, $3::date, $4, $5)
         ON CONFLICT DO NOTHING`,
        [org, reportType, day, rows, at],
      );
    },
  };
}
