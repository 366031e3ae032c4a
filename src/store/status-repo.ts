import type { Day } from '../domain/period.js';
import type { Queryable } from './db.js';

export interface SourceStatus {
  source: string;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  dataAsOf: Day | null;
  detail: string;
}

/** Each data source's health, for /insights status and for "sync at start-up when stale". */
export function createStatusRepo(db: Queryable) {
  return {
    async success(
      org: string,
      source: string,
      at: Date,
      detail: string,
      dataAsOf: Day | null = null,
    ): Promise<void> {
      await db.query(
        `INSERT INTO source_status (org, source, last_success_at, data_as_of, detail, last_error, last_error_at)
         VALUES ($1, $2, $3, $4::date, $5, NULL, NULL)
         ON CONFLICT (org, source) DO UPDATE SET last_success_at = $3,
           data_as_of = COALESCE($4::date, source_status.data_as_of), detail = $5, last_error = NULL, last_error_at = NULL`,
        [org, source, at, dataAsOf, detail],
      );
    },

    async failure(org: string, source: string, at: Date, message: string): Promise<void> {
      await db.query(
        `INSERT INTO source_status (org, source, last_error, last_error_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (org, source) DO UPDATE SET last_error = $3, last_error_at = $4`,
        [org, source, message, at],
      );
    },

    async list(org: string): Promise<SourceStatus[]> {
      const rows = await db.query<{
        source: string;
        last_success_at: Date | null;
        last_error: string | null;
        last_error_at: Date | null;
        data_as_of: string | null;
        detail: string;
      }>(
        `SELECT source, last_success_at, last_error, last_error_at, data_as_of::text AS data_as_of, detail
         FROM source_status WHERE org = $1 ORDER BY source`,
        [org],
      );
      return rows.map((r) => ({
        source: r.source,
        lastSuccessAt: r.last_success_at,
        lastError: r.last_error,
        lastErrorAt: r.last_error_at,
        dataAsOf: r.data_as_of,
        detail: r.detail,
      }));
    },
  };
}

export type StatusRepo = ReturnType<typeof createStatusRepo>;
