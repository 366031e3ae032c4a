/**
 * The figures `/metrics` reads at scrape time: four small queries, each on an index (the delivery queue's
 * open items, the open alerts, the outbox per destination and state) or a table of a few rows, run in
 * parallel. `npm run bench -- metrics` times them with 10,000 open alerts.
 */
import type { OperationsSnapshot } from '../domain/metrics.js';
import type { Queryable } from './db.js';

export async function readOperationsSnapshot(db: Queryable, org: string): Promise<OperationsSnapshot> {
  const [delivery, sources, alerts, siem] = await Promise.all([
    db.query<{ backlog: number; oldest: Date | null }>(
      `SELECT count(*)::int AS backlog, min(created_at) AS oldest
         FROM delivery_queue WHERE state IN ('pending', 'sending')`,
    ),
    db.query<{
      source: string;
      last_success_at: Date | null;
      last_error_at: Date | null;
      data_as_of: string | null;
    }>(
      `SELECT source, last_success_at, last_error_at, data_as_of::text AS data_as_of
         FROM source_status WHERE org = $1 ORDER BY source`,
      [org],
    ),
    db.query<{ rule: string; severity: string; count: number }>(
      `SELECT rule, severity, count(*)::int AS count
         FROM alerts WHERE org = $1 AND state = 'open' GROUP BY rule, severity ORDER BY rule, severity`,
      [org],
    ),
    db.query<{ name: string; last_success_at: Date | null; queued: number; dead: number }>(
      `SELECT d.name, d.last_success_at,
              (SELECT count(*) FROM siem_outbox o WHERE o.destination = d.name AND o.state = 'pending')::int AS queued,
              (SELECT count(*) FROM siem_outbox o WHERE o.destination = d.name AND o.state = 'dead')::int AS dead
         FROM siem_destinations d WHERE d.configured ORDER BY d.name`,
    ),
  ]);
  return {
    delivery: { backlog: delivery[0]?.backlog ?? 0, oldestQueuedAt: delivery[0]?.oldest ?? null },
    sources: sources.map((r) => ({
      source: r.source,
      lastSuccessAt: r.last_success_at,
      lastErrorAt: r.last_error_at,
      dataAsOf: r.data_as_of,
    })),
    openAlerts: alerts,
    siem: siem.map((r) => ({
      destination: r.name,
      queued: r.queued,
      dead: r.dead,
      lastSuccessAt: r.last_success_at,
    })),
  };
}
