/**
 * The figures `/metrics` reads at scrape time, in one statement (one round trip on one connection: the
 * embedded server closes idle connections, so a scrape after a quiet minute opens just one). Each part
 * reads an index or a small table: the delivery queue's open items (partial index), the open alerts
 * grouped by rule and severity (`alerts_open`), the sources' status rows, the outbox per destination
 * and state, the latest seat snapshot (the seats job keeps it within the hour). Instants come out as epoch seconds. `npm run bench -- metrics` times it with 10,000 open
 * alerts.
 */
import type { OperationsSnapshot } from '../domain/metrics.js';
import type { Queryable } from './db.js';

const epoch = (column: string) => `extract(epoch FROM ${column})::float8`;

const SNAPSHOT = `
SELECT
  (SELECT json_build_object('backlog', count(*), 'oldest', ${epoch('min(due_at) FILTER (WHERE due_at <= now())')})
     FROM delivery_queue WHERE state IN ('pending', 'sending')) AS delivery,
  (SELECT coalesce(json_agg(json_build_object('source', source, 'success', ${epoch('last_success_at')},
            'error', ${epoch('last_error_at')}, 'asOf', data_as_of::text) ORDER BY source), '[]')
     FROM source_status WHERE org = $1) AS sources,
  (SELECT coalesce(json_agg(a ORDER BY a.rule, a.severity), '[]')
     FROM (SELECT rule, severity, count(*)::int AS count FROM alerts WHERE org = $1 AND state = 'open'
            GROUP BY rule, severity) a) AS alerts,
  (SELECT coalesce(json_agg(json_build_object('destination', d.name, 'success', ${epoch('d.last_success_at')},
            'queued', (SELECT count(*) FROM siem_outbox o WHERE o.destination = d.name AND o.state = 'pending'),
            'dead', (SELECT count(*) FROM siem_outbox o WHERE o.destination = d.name AND o.state = 'dead'))
          ORDER BY d.name), '[]')
     FROM siem_destinations d WHERE d.configured) AS siem,
  (SELECT json_build_object('used', members + invites, 'purchased', purchased)
     FROM seat_snapshots WHERE org = $1 ORDER BY day DESC LIMIT 1) AS seats`;

type Seconds = number | null;
const date = (s: Seconds) => (s === null ? null : new Date(s * 1000));

export async function readOperationsSnapshot(db: Queryable, org: string): Promise<OperationsSnapshot> {
  const [row] = await db.query<{
    delivery: { backlog: number; oldest: Seconds };
    sources: Array<{ source: string; success: Seconds; error: Seconds; asOf: string | null }>;
    alerts: Array<{ rule: string; severity: string; count: number }>;
    siem: Array<{ destination: string; success: Seconds; queued: number; dead: number }>;
    seats: { used: number; purchased: number | null } | null;
  }>(SNAPSHOT, [org]);
  if (!row) throw new Error('the metrics snapshot returned no row');
  return {
    delivery: { backlog: row.delivery.backlog, oldestDueAt: date(row.delivery.oldest) },
    sources: row.sources.map((s) => ({
      source: s.source,
      lastSuccessAt: date(s.success),
      lastErrorAt: date(s.error),
      dataAsOf: s.asOf,
    })),
    openAlerts: row.alerts,
    siem: row.siem.map((d) => ({
      destination: d.destination,
      queued: d.queued,
      dead: d.dead,
      lastSuccessAt: date(d.success),
    })),
    seats: row.seats,
  };
}

/** Refreshes the planner's statistics of the tables the snapshot reads (benchmarks, after a bulk seed). */
export async function analyze(db: Queryable): Promise<void> {
  await db.query('ANALYZE alerts, delivery_queue, source_status, siem_outbox, seat_snapshots');
}
