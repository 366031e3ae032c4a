/**
 * The Prometheus registry behind `/metrics` (prom-client): the counters and histograms the bot records
 * as it works (`recorder`, handed to the services and the Slack edge), the gauges read from the store at
 * scrape time (./gauges.ts), and prom-client's process defaults. Each bot has its own registry (not
 * prom-client's global one), so tests and tools can run several in one process.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { MetricsRecorder, OperationsSnapshot } from '../domain/metrics.js';
import type { Logger } from '../logger.js';
import { SNAPSHOT_GAUGES } from './gauges.js';

export interface Metrics {
  recorder: MetricsRecorder;
  /** One scrape: reads the store's figures, then renders every metric as Prometheus text. */
  scrape(): Promise<{ contentType: string; text: string }>;
}

export interface MetricsOptions {
  /** The store's figures (services.operations); a failure is logged and shows as `insights_bot_database_up 0`. */
  snapshot: () => Promise<OperationsSnapshot>;
  now: () => Date;
  logger: Logger;
}

/** Slack allows 3 s for the acknowledgement; the target is 100 ms. */
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3];
const POST_BUCKETS = [0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60];
const RENDER_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // prom-client names these three gauges `_total`, which `promtool check metrics` refuses (a counter's
  // suffix); the same figures stay by type in nodejs_active_handles / _requests / _resources.
  for (const name of ['handles', 'requests', 'resources'])
    registry.removeSingleMetric(`nodejs_active_${name}_total`);
  const registers = [registry];

  const commands = new Counter({
    name: 'insights_bot_slash_commands_total',
    help: '/insights commands by subcommand and outcome (ok, invalid: answered with help or a typo hint, error).',
    labelNames: ['subcommand', 'outcome'],
    registers,
  });
  const ack = new Histogram({
    name: 'insights_bot_slash_command_ack_seconds',
    help: 'Time from receiving an /insights command to acknowledging it to Slack.',
    labelNames: ['subcommand'],
    buckets: ACK_BUCKETS,
    registers,
  });
  const toPost = new Histogram({
    name: 'insights_bot_command_to_post_seconds',
    help: 'Time from an /insights command to its chart or export being in the channel.',
    labelNames: ['subcommand'],
    buckets: POST_BUCKETS,
    registers,
  });
  const renders = new Counter({
    name: 'insights_bot_chart_renders_total',
    help: 'Chart images rendered (the six charts and the digest image), by outcome.',
    labelNames: ['chart', 'outcome'],
    registers,
  });
  const renderTime = new Histogram({
    name: 'insights_bot_chart_render_seconds',
    help: 'Time to render a chart image on the worker pool, queueing included.',
    labelNames: ['chart'],
    buckets: RENDER_BUCKETS,
    registers,
  });
  const posts = new Counter({
    name: 'insights_bot_posts_total',
    help: 'Delivery queue attempts by purpose (digest, alert, hub, other) and outcome (delivered, retried, failed).',
    labelNames: ['kind', 'outcome'],
    registers,
  });
  const syncRuns = new Counter({
    name: 'insights_bot_sync_runs_total',
    help: 'Syncs of each Docker source that ran (skipped ones not counted).',
    labelNames: ['source'],
    registers,
  });
  const syncErrors = new Counter({
    name: 'insights_bot_sync_errors_total',
    help: 'Syncs of each Docker source that failed.',
    labelNames: ['source'],
    registers,
  });
  const alertsOpened = new Counter({
    name: 'insights_bot_alerts_opened_total',
    help: 'Alerts opened by this process, by rule and severity.',
    labelNames: ['rule', 'severity'],
    registers,
  });
  const databaseUp = new Gauge({
    name: 'insights_bot_database_up',
    help: 'Whether the last scrape could read the database (1) or not (0).',
    registers,
  });
  const gauges = SNAPSHOT_GAUGES.map((spec) => ({
    spec,
    gauge: new Gauge({
      name: spec.name,
      help: spec.help,
      labelNames: [...spec.labelNames],
      registers: spec.optional ? [] : registers,
    }),
    registered: !spec.optional,
  }));

  const recorder: MetricsRecorder = {
    command(subcommand, outcome, ackSeconds) {
      commands.inc({ subcommand, outcome });
      ack.observe({ subcommand }, ackSeconds);
    },
    commandToPost: (subcommand, seconds) => toPost.observe({ subcommand }, seconds),
    render(chart, ok, seconds) {
      renders.inc({ chart, outcome: ok ? 'ok' : 'error' });
      renderTime.observe({ chart }, seconds);
    },
    post: (kind, outcome) => posts.inc({ kind, outcome }),
    sync(source, ok) {
      syncRuns.inc({ source });
      if (!ok) syncErrors.inc({ source });
    },
    alertOpened: (rule, severity) => alertsOpened.inc({ rule, severity }),
  };

  async function refresh(): Promise<void> {
    let snapshot: OperationsSnapshot;
    try {
      snapshot = await options.snapshot();
    } catch (err) {
      options.logger.warn({ err }, '/metrics could not read the database');
      databaseUp.set(0);
      return;
    }
    databaseUp.set(1);
    const now = options.now();
    for (const entry of gauges) {
      entry.gauge.reset();
      const values = entry.spec.values(snapshot, now);
      for (const [labels, value] of values) entry.gauge.set(labels, value);
      if (!entry.registered && values.length > 0) {
        registry.registerMetric(entry.gauge);
        entry.registered = true;
      }
    }
  }

  return {
    recorder,
    async scrape() {
      await refresh();
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
  };
}
