import { WebClient } from '@slack/web-api';
import type { Config } from './config.js';
import { createDemoSource } from './demo/demo-source.js';
import { createDockerClients, type DockerClients } from './docker/clients.js';
import { parseComplianceHeaderMap } from './docker/imports/compliance.js';
import { createScoutClient } from './docker/scout/client.js';
import { unknownActions } from './domain/activity-rules.js';
import type { InsightsSource } from './domain/insights.js';
import { type AlertDeps, evaluateAlerts } from './jobs/alerts.js';
import { type RuleInput, storeEvaluations } from './jobs/evaluations.js';
import { type ImportOptions, type ImportOutcome, importFile } from './jobs/import-file.js';
import { SCOUT_SOURCE, syncScout } from './jobs/scout.js';
import { API_SOURCES, runSync, type SourceResult } from './jobs/sync.js';
import type { Logger } from './logger.js';
import type { StatusView } from './render/status-blocks.js';
import { createDeliveryQueue, DELIVERY_CLIENT_OPTIONS, type DeliveryQueue } from './slack/delivery/queue.js';
import { createAuditActionsRepo } from './store/audit-actions-repo.js';
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
  /** The sources `sync` can run with this configuration (the Docker APIs, the Scout exporter). */
  readonly syncSources: readonly string[];
  /**
   * Syncs the configured Docker sources (or `only` those), then evaluates the alert rules that read what
   * changed. `force` scrapes the Scout exporter even when its last scrape is under an hour old.
   */
  sync(now: Date, only?: readonly string[], options?: { force?: boolean }): Promise<SourceResult[]>;
  /**
   * The SENSITIVE_ACTIONS entries that match no action of Docker's stored catalog (typos); null while no
   * catalog has been fetched (no Hub API, or before the first sync).
   */
  unknownSensitiveActions(): Promise<string[] | null>;
  /** Re-runs alert rule evaluations that failed (the `alerts` job calls it every minute). */
  evaluatePending(now: Date): Promise<void>;
  /** True when the last successful members sync is older than `maxAgeMs` (or never happened). */
  syncIsStale(now: Date, maxAgeMs: number): Promise<boolean>;
  importFile(
    options: Omit<ImportOptions, 'complianceHeaders' | 'accepts'>,
    now: Date,
  ): Promise<ImportOutcome>;
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
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
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
  const scoutClient = config.scout
    ? createScoutClient({ baseUrl: config.scout.apiUrl, org, token: config.scout.token })
    : null;
  const scout =
    scoutClient &&
    ((now: Date, force?: boolean) =>
      syncScout({ db, org, client: scoutClient, alerts, logger: logger.child({ source: 'scout' }) }, now, {
        force,
      }));
  const unknownSensitiveActions = async () => {
    const catalog = await createAuditActionsRepo(db).list(org);
    if (catalog.length === 0) return null;
    return unknownActions(
      config.sensitiveActions,
      catalog.map((a) => a.action),
    );
  };
  const syncSources = [...(docker ? API_SOURCES : []), ...(scout ? [SCOUT_SOURCE] : [])];
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
    async statusView() {
      const view = await loadStatusView(db, {
        org,
        demo: !config.docker,
        apiConfigured: docker !== null,
        scoutConfigured: config.scout !== null,
        importDir: config.importDir,
      });
      const unknown = await unknownSensitiveActions();
      if (!unknown?.length) return view;
      const entries = unknown.map((e) => `\`${e}\``).join(', ');
      const hint = `SENSITIVE_ACTIONS: ${entries} match${unknown.length === 1 ? 'es' : ''} no action in Docker's activity-log catalog, so ${unknown.length === 1 ? 'it' : 'they'} will never alert. Check the spelling; Docker's actions look like \`org.member.role.change\` (the group may be left out).`;
      return { ...view, hints: [hint, ...view.hints] };
    },
    syncSources,
    async sync(now, only, options = {}) {
      const results: SourceResult[] = [];
      if (docker) {
        const log = logger.child({ subsystem: 'sync' });
        results.push(...(await runSync({ db, org, docker, logger: log }, now, only)));
        const synced = (source: string) => results.some((r) => r.source === source && r.ok);
        const changed = new Set<RuleInput>();
        if (synced('hub-members')) changed.add('members');
        if (synced('activity-log')) changed.add('activity');
        await evaluateRules(changed, now);
      }
      // The Scout rules are evaluated as part of its sync (they read the scrape and the one before).
      if (scout && (!only || only.includes(SCOUT_SOURCE))) results.push(await scout(now, options.force));
      return results;
    },
    unknownSensitiveActions,
    evaluatePending: (now) => evaluateRules(new Set(), now),
    async syncIsStale(now, maxAgeMs) {
      const members = (await createStatusRepo(db).list(org)).find((s) => s.source === 'hub-members');
      return !members?.lastSuccessAt || now.getTime() - members.lastSuccessAt.getTime() > maxAgeMs;
    },
    async importFile(options, now) {
      // The demo organization's charts are simulated; only its drift (a compliance report) can be imported.
      const accepts = config.docker
        ? undefined
        : {
            kinds: ['compliance'] as const,
            otherwise:
              'needs DOCKER_ORG (the organization it belongs to); the demo organization takes settings-compliance reports only',
          };
      const outcome = await importFile(db, org, { ...options, complianceHeaders, accepts }, now);
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
