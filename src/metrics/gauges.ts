/**
 * The gauges `/metrics` computes at scrape time from the store's figures (`OperationsSnapshot`, read
 * by src/store/metrics-repo.ts): one entry per gauge. To add one: its figure in the snapshot (type in
 * src/domain/metrics.ts, SQL in the repository), then a line here. In a deployment of several replicas
 * every replica reports the same values: aggregate them with `max`.
 */
import { dataAgeSeconds, type OperationsSnapshot } from '../domain/metrics.js';

type Labels = Record<string, string>;

export interface SnapshotGauge {
  name: string;
  help: string;
  labelNames: readonly string[];
  /** The samples from one snapshot; `[]` leaves the gauge without samples this scrape. */
  values(s: OperationsSnapshot, now: Date): Array<[Labels, number]>;
  /** Only exposed once a scrape has a value (the figure may not exist in this deployment yet). */
  optional?: boolean;
}

const seconds = (d: Date) => d.getTime() / 1000;

export const SNAPSHOT_GAUGES: readonly SnapshotGauge[] = [
  {
    name: 'insights_bot_delivery_backlog',
    help: 'Slack posts waiting in the delivery queue (pending or being sent).',
    labelNames: [],
    values: (s) => [[{}, s.delivery.backlog]],
  },
  {
    name: 'insights_bot_delivery_oldest_pending_age_seconds',
    help: 'How long the oldest post that is due has waited in the delivery queue (0 when none): /healthz oldestPendingSeconds.',
    labelNames: [],
    values: (s, now) => [
      [{}, s.delivery.oldestDueAt ? Math.max(0, seconds(now) - seconds(s.delivery.oldestDueAt)) : 0],
    ],
  },
  {
    name: 'insights_bot_sync_last_success_timestamp_seconds',
    help: 'When each Docker source last synced successfully (Unix time).',
    labelNames: ['source'],
    values: (s) =>
      s.sources.flatMap((r) => (r.lastSuccessAt ? [[{ source: r.source }, seconds(r.lastSuccessAt)]] : [])),
  },
  {
    name: 'insights_bot_sync_last_error_timestamp_seconds',
    help: 'When each Docker source last failed, if its latest run failed (Unix time).',
    labelNames: ['source'],
    values: (s) =>
      s.sources.flatMap((r) => (r.lastErrorAt ? [[{ source: r.source }, seconds(r.lastErrorAt)]] : [])),
  },
  {
    name: 'insights_bot_data_age_seconds',
    help: 'Seconds since the end of the newest data day each source brought ("data as of").',
    labelNames: ['source'],
    values: (s, now) =>
      s.sources.flatMap((r) => (r.dataAsOf ? [[{ source: r.source }, dataAgeSeconds(r.dataAsOf, now)]] : [])),
  },
  {
    name: 'insights_bot_alerts_open',
    help: 'Open alerts by rule and severity.',
    labelNames: ['rule', 'severity'],
    values: (s) => s.openAlerts.map((a) => [{ rule: a.rule, severity: a.severity }, a.count]),
  },
  {
    name: 'insights_bot_siem_queued',
    help: 'Records waiting for each SIEM destination.',
    labelNames: ['destination'],
    values: (s) => s.siem.map((d) => [{ destination: d.destination }, d.queued]),
  },
  {
    name: 'insights_bot_siem_dead_letters',
    help: 'Records each SIEM destination refused for good (dead letters).',
    labelNames: ['destination'],
    values: (s) => s.siem.map((d) => [{ destination: d.destination }, d.dead]),
  },
  {
    name: 'insights_bot_siem_last_success_timestamp_seconds',
    help: 'When each SIEM destination last accepted a batch (Unix time).',
    labelNames: ['destination'],
    values: (s) =>
      s.siem.flatMap((d) =>
        d.lastSuccessAt ? [[{ destination: d.destination }, seconds(d.lastSuccessAt)]] : [],
      ),
  },
  {
    name: 'insights_bot_seats_used',
    help: 'Docker seats in use (members and pending invitations).',
    labelNames: [],
    values: (s) => (s.seats ? [[{}, s.seats.used]] : []),
    optional: true,
  },
  {
    name: 'insights_bot_seats_purchased',
    help: 'Docker seats the subscription includes (DOCKER_SEATS).',
    labelNames: [],
    values: (s) => (s.seats && s.seats.purchased !== null ? [[{}, s.seats.purchased]] : []),
    optional: true,
  },
];
