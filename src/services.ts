/**
 * The composition root's first half: config → store → Docker clients → the use cases of src/app/. Every
 * entry point builds what it needs from here: `serve` (src/main.ts) all of it, the CLI commands only
 * the services (no server, no Bolt, no scheduler). Nothing else builds a service or opens a database.
 */
import { WebClient } from '@slack/web-api';
import { type Activity, createActivity } from './app/activity.js';
import { type AlertEngine, createAlertEngine } from './app/alert-engine.js';
import { type Charts, createCharts } from './app/charts.js';
import { type Compliance, createCompliance } from './app/compliance.js';
import { createDeliveryQueue, type DeliveryQueue } from './app/delivery-queue.js';
import { createDemoSeatsPreparer } from './app/demo-seats.js';
import { createDigests, type Digests } from './app/digest.js';
import { createExports, type Exports } from './app/exports.js';
import { createHome, type Home } from './app/home.js';
import { createHubPushes, type HubPushes } from './app/hub-pushes.js';
import { createImports, type Imports } from './app/imports.js';
import { createRuleRunner, type RuleRunner } from './app/rules.js';
import { createScout, type Scout } from './app/scout.js';
import { createSeatReclaim, type SeatReclaim } from './app/seat-reclaim.js';
import { createSeatReports, type SeatReports } from './app/seat-reports.js';
import { createSeats, type Seats } from './app/seats.js';
import { createSiem, type Siem } from './app/siem.js';
import { createStatus, type Status } from './app/status.js';
import { createSubscriptions, type Subscriptions } from './app/subscriptions.js';
import { createSync, type Sync } from './app/sync.js';
import type { Config } from './config.js';
import { demoSeatSettings } from './demo/demo-seats.js';
import { createDemoSource } from './demo/demo-source.js';
import { createDockerClients } from './docker/clients.js';
import { parseComplianceHeaderMap } from './docker/imports/compliance.js';
import { createScoutClient } from './docker/scout/client.js';
import type { Digest } from './domain/digest.js';
import type { MetricsRecorder, OperationsSnapshot } from './domain/metrics.js';
import type { Logger } from './logger.js';
import { createSiemSenders } from './siem/index.js';
import { createSlackTransport, DELIVERY_CLIENT_OPTIONS } from './slack/delivery-transport.js';
import { type Db, openDatabase } from './store/db.js';
import { ping, readiness, type StoreReadiness } from './store/health.js';
import { readOperationsSnapshot } from './store/metrics-repo.js';
import { createStoredSource } from './store/stored-source.js';

/** The use cases, each with its own narrow interface; the edges get the ones they use. */
export interface Services {
  org: string;
  charts: Charts;
  alerts: AlertEngine;
  rules: RuleRunner;
  sync: Sync;
  imports: Imports;
  digests: Digests;
  queue: DeliveryQueue;
  subscriptions: Subscriptions;
  exports: Exports;
  activity: Activity;
  compliance: Compliance;
  scout: Scout;
  status: Status;
  hubPushes: HubPushes;
  home: Home;
  siem: Siem;
  seats: Seats;
  seatReports: SeatReports;
  seatReclaim: SeatReclaim;
  /** Whether the store answers (`/healthz`). */
  ping(): Promise<boolean>;
  /** Whether the store answers with every migration applied (`/readyz`). */
  ready(): Promise<StoreReadiness>;
  /** The figures `/metrics` reads from the store at scrape time. */
  operations(): Promise<OperationsSnapshot>;
}

export interface OpenedServices extends Services {
  /** The store itself: for the composition root and tests, never handed to an edge. */
  db: Db;
  close(): Promise<void>;
}

export interface ServiceOptions {
  /** Where deliveries go (the sandbox's stand-in overrides the configured Slack). */
  slack?: { botToken?: string; apiUrl?: string };
  /**
   * Real time (or the test's), never the sandbox's clock that "advance a data day" moves ahead: the
   * services keep times to compare with a later clock — the delivery queue's pacing, retries and
   * leases, SIEM retries and signatures. (The use cases get the time of the data with each call.)
   */
  now?: () => Date;
  /**
   * The sandbox's clock, which "advance a data day" moves ahead of `now`: the demo's data day in
   * `/insights status` follows it, while the alert lifecycle keeps `now` (a CLI import in another
   * process stamps real time too), whatever time its callers bring.
   */
  sandboxClock?: () => Date;
  /** The delivery queue's waits (tests pass a virtual clock). */
  sleep?: (ms: number) => Promise<void>;
  /** How the digest image is drawn (the render worker pool when serving; not needed by most commands). */
  renderDigest?: (digest: Digest) => Promise<Buffer>;
  /** `/metrics` (METRICS_PORT): what the services record; nothing when it is off. */
  metrics?: MetricsRecorder;
}

export async function openServices(
  config: Config,
  logger: Logger,
  options: ServiceOptions = {},
): Promise<OpenedServices> {
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    logger: logger.child({ subsystem: 'database' }),
  });
  const org = config.docker?.org ?? config.demo.org;
  const demo = !config.docker;
  const source = config.docker ? createStoredSource(db, config.docker.org) : createDemoSource(config.demo);
  const docker = createDockerClients(config.docker);
  const scoutClient = config.scout
    ? createScoutClient({ baseUrl: config.scout.apiUrl, org, token: config.scout.token })
    : null;
  const slack = options.slack ?? config.slack;
  const client = new WebClient(slack.botToken, {
    ...DELIVERY_CLIENT_OPTIONS,
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
  });
  const wallClock = options.now ?? (() => new Date());
  const subscriptions = createSubscriptions(db);
  const deliveryLog = logger.child({ subsystem: 'delivery' });
  const queue = createDeliveryQueue({
    db,
    transport: createSlackTransport(client, deliveryLog),
    logger: deliveryLog,
    now: wallClock,
    sleep: options.sleep,
    leaseMs: config.deliveryLeaseMs,
    metrics: options.metrics,
    // A channel Slack refuses for good: its subscriptions pause instead of failing every post.
    async onChannelGone(channel, error, at) {
      const kinds = await subscriptions.pauseChannel(channel, error, at);
      if (kinds.length > 0) deliveryLog.warn({ channel, error, kinds }, 'subscriptions paused');
    },
  });
  const alerts = createAlertEngine({
    db,
    org,
    outbox: (key, delivery, tx) => queue.enqueue(key, delivery, { tx }),
    repeatMs: config.alertRepeatMs,
    logger: logger.child({ subsystem: 'alerts' }),
    metrics: options.metrics,
    ...(options.sandboxClock ? { clock: wallClock } : {}),
  });
  // The demo organization buys seats a little above its members (its members go into the store on first use).
  const seatSettings = demo ? demoSeatSettings(config.seats, config.demo.members) : config.seats;
  const rules = createRuleRunner({
    db,
    settings: {
      org,
      minDesktopVersion: config.minDesktopVersion,
      sensitiveActions: config.sensitiveActions,
      seats: seatSettings,
    },
    engine: alerts,
    logger: logger.child({ subsystem: 'alerts' }),
  });
  const complianceHeaders = config.complianceHeaders
    ? parseComplianceHeaderMap(config.complianceHeaders)
    : undefined;
  const siem = createSiem({
    db,
    org,
    senders: createSiemSenders(config.siem, wallClock),
    backfillDays: config.siem.backfillDays,
    logger: logger.child({ subsystem: 'siem' }),
    now: wallClock,
  });
  const renderDigest =
    options.renderDigest ??
    (() => Promise.reject(new Error('this command cannot draw the digest image (no renderer)')));
  const demoSeats = demo
    ? createDemoSeatsPreparer({
        db,
        source,
        settings: seatSettings,
        logger: logger.child({ subsystem: 'seats' }),
      })
    : null;
  const seats = createSeats({
    db,
    org,
    settings: seatSettings,
    demo,
    rules,
    logger: logger.child({ subsystem: 'seats' }),
    ...(demoSeats ? { prepare: (at: Date) => demoSeats.prepare(at), inUse: () => demoSeats.ready } : {}),
  });
  const seatReclaim = createSeatReclaim({
    db,
    org,
    settings: seatSettings,
    demo,
    hub: docker?.hub ?? null,
    outbox: (key, delivery, tx) => queue.enqueue(key, delivery, { tx }),
    rules,
    prepare: (at) => seats.prepare(at),
    logger: logger.child({ subsystem: 'seats' }),
  });
  const status = createStatus({
    db,
    org,
    demo,
    sources: { docker, scout: scoutClient },
    importDir: config.importDir,
    sensitiveActions: config.sensitiveActions,
    queue,
    siem,
    wallClock,
    stallMs: config.deliveryStallMs,
    dataAsOf: () => source.dataAsOf((options.sandboxClock ?? wallClock)()),
  });
  return {
    org,
    db,
    charts: createCharts({ source, db }),
    alerts,
    rules,
    sync: createSync({
      db,
      org,
      docker,
      scout: scoutClient,
      rules,
      logger: logger.child({ subsystem: 'sync' }),
      metrics: options.metrics,
    }),
    imports: createImports({ db, org, demo, complianceHeaders, rules }),
    digests: createDigests({
      source,
      subscriptions,
      queue,
      renderDigest,
      openAlerts: async () => (await alerts.open()).length,
      logger: logger.child({ job: 'digest' }),
    }),
    queue,
    subscriptions,
    exports: createExports({ source, db, seats }),
    activity: createActivity({ db, org }),
    compliance: createCompliance({ db, org }),
    scout: createScout({
      db,
      org,
      configured: scoutClient !== null,
      engine: alerts,
      minSeverity: config.ingest?.minSeverity ?? 'high',
    }),
    status,
    hubPushes: createHubPushes({ subscriptions, queue }),
    siem,
    seats,
    seatReclaim,
    seatReports: createSeatReports({
      db,
      seats,
      subscriptions,
      queue,
      logger: logger.child({ job: 'seats' }),
    }),
    home: createHome({
      db,
      source,
      alerts,
      subscriptions,
      status,
      renderDigest,
      logger: logger.child({ subsystem: 'home' }),
      seats,
      reclaim: seatReclaim,
    }),
    ping: () => ping(db),
    ready: () => readiness(db),
    operations: () => readOperationsSnapshot(db, org),
    async close() {
      await queue.close();
      await db.close();
    },
  };
}
