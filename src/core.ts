import { WebClient } from '@slack/web-api';
import { type Config, ConfigError } from './config.js';
import { createDemoSource } from './demo/demo-source.js';
import { createDockerClients, type DockerClients } from './docker/clients.js';
import { parseComplianceHeaderMap } from './docker/imports/compliance.js';
import type { InsightsSource } from './domain/insights.js';
import { type AlertDeps, evaluateAlerts } from './jobs/alerts.js';
import { type RuleInput, storeEvaluations } from './jobs/evaluations.js';
import { type ImportOptions, type ImportOutcome, importFile } from './jobs/import-file.js';
import { runSync, type SourceName, type SourceResult } from './jobs/sync.js';
import type { Logger } from './logger.js';
import type { StatusView } from './render/status-blocks.js';
import { createDeliveryQueue, DELIVERY_CLIENT_OPTIONS, type DeliveryQueue } from './slack/delivery/queue.js';
import { type Db, openDatabase } from './store/db.js';
import { createStatusRepo } from './store/status-repo.js';
import { loadStatusView } from './store/status-view.js';
import { createStoredSource } from './store/stored-source.js';

/**
 * What every entry point (serve, sync, import, render) shares: the store, the data sources, the alert
 * engine, and the persisted delivery queue (only `serve` starts its worker; the others just queue).
 */
export interface Core {
  config: Config;
  db: Db;
  source: InsightsSource;
  docker: DockerClients | null;
  queue: DeliveryQueue;
  alerts: AlertDeps;
  statusView(): Promise<StatusView>;
  /** Syncs the configured Docker sources, then evaluates the alert rules that read what changed. */
  sync(now: Date, only?: SourceName[]): Promise<SourceResult[]>;
  /** Re-runs alert rule evaluations that failed (the `alerts` job calls it every minute). */
  evaluatePending(now: Date): Promise<void>;
  /** True when the last successful members sync is older than `maxAgeMs` (or never happened). */
  syncIsStale(now: Date, maxAgeMs: number): Promise<boolean>;
  importFile(options: Omit<ImportOptions, 'complianceHeaders'>, now: Date): Promise<ImportOutcome>;
  close(): Promise<void>;
}

export interface CoreOptions {
  /** Where deliveries go (the sandbox's stand-in overrides the configured Slack). */
  slack?: { botToken?: string; apiUrl?: string };
  now?: () => Date;
  /** The delivery queue's waits (tests pass a virtual clock). */
  sleep?: (ms: number) => Promise<void>;
}

export async function openCore(config: Config, logger: Logger, options: CoreOptions = {}): Promise<Core> {
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    logger: logger.child({ subsystem: 'database' }),
  });
  const org = config.docker?.org ?? config.demo.org;
  const source = config.docker ? createStoredSource(db, config.docker.org) : createDemoSource(config.demo);
  const docker = createDockerClients(config.docker);
  const complianceHeaders = config.complianceHeaders
    ? parseComplianceHeaderMap(config.complianceHeaders)
    : undefined;
  const slack = options.slack ?? config.slack;
  const queue = createDeliveryQueue({
    db,
    client: new WebClient(slack.botToken, {
      ...DELIVERY_CLIENT_OPTIONS,
      ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    }),
    logger: logger.child({ subsystem: 'delivery' }),
    now: options.now,
    sleep: options.sleep,
    leaseMs: config.deliveryLeaseMs,
  });
  const alerts: AlertDeps = {
    db,
    org,
    outbox: (key, delivery, tx) => queue.enqueue(key, delivery, { tx }),
    repeatMs: config.alertRepeatMs,
    logger: logger.child({ subsystem: 'alerts' }),
  };
  /**
   * Alerts are derived from the stored data, so a failed evaluation loses nothing: what changed is kept
   * and evaluated again by the next change or the next `alerts` tick (`evaluatePending`).
   */
  const pending = new Set<RuleInput>();
  const evaluateRules = async (changed: Set<RuleInput>, now: Date) => {
    for (const input of pending) changed.add(input);
    if (changed.size === 0) return;
    pending.clear();
    try {
      const evaluations = await storeEvaluations(db, org, changed, {
        minDesktopVersion: config.minDesktopVersion,
        sensitiveActions: config.sensitiveActions,
        now,
      });
      await evaluateAlerts(alerts, evaluations, now);
    } catch (err) {
      for (const input of changed) pending.add(input);
      alerts.logger.error({ err }, 'alert evaluation failed; it is retried on the next alerts tick');
    }
  };
  return {
    config,
    db,
    source,
    docker,
    queue,
    alerts,
    statusView: () =>
      loadStatusView(db, {
        org,
        demo: !config.docker,
        apiConfigured: docker !== null,
        scoutConfigured: config.scout !== null,
        importDir: config.importDir,
      }),
    async sync(now, only) {
      if (!docker || !config.docker) return [];
      const results = await runSync(
        { db, org, docker, logger: logger.child({ subsystem: 'sync' }) },
        now,
        only,
      );
      const synced = (source: SourceName) => results.some((r) => r.source === source && r.ok);
      const changed = new Set<RuleInput>();
      if (synced('hub-members')) changed.add('members');
      if (synced('activity-log')) changed.add('activity');
      await evaluateRules(changed, now);
      return results;
    },
    evaluatePending: (now) => evaluateRules(new Set(), now),
    async syncIsStale(now, maxAgeMs) {
      const members = (await createStatusRepo(db).list(org)).find((s) => s.source === 'hub-members');
      return !members?.lastSuccessAt || now.getTime() - members.lastSuccessAt.getTime() > maxAgeMs;
    },
    async importFile(options, now) {
      // The demo organization's charts are simulated; only its drift (a compliance report) can be imported.
      if (!config.docker && options.kind !== 'compliance') {
        throw new ConfigError(
          'DOCKER_ORG: set it to the organization these exports belong to before importing (without it, only `--kind compliance` reports for the demo organization)',
        );
      }
      const outcome = await importFile(db, org, { ...options, complianceHeaders }, now);
      if (outcome.status === 'imported' && outcome.kind !== 'insights') {
        await evaluateRules(new Set([outcome.kind === 'compliance' ? 'compliance' : 'members']), now);
      }
      return outcome;
    },
    async close() {
      await queue.close();
      await db.close();
    },
  };
}
