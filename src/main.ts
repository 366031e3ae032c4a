/**
 * The composition root's second half, for `serve`: the services (./services.ts), then the edges — the
 * render pool, Slack (Bolt), the HTTP endpoints, the sandbox — and the schedule table. SIGTERM → close().
 */
import { randomBytes } from 'node:crypto';
import type { DigestRun } from './app/digest.js';
import { createHomeRefresher } from './app/home-refresher.js';
import { watchImportDir } from './app/import-watcher.js';
import { type Config, loadConfig } from './config.js';
import { NO_METRICS } from './domain/metrics.js';
import { healthzRoute } from './http/healthz.js';
import { hubWebhookRoute } from './http/hub-webhook.js';
import { ingestRoute } from './http/ingest.js';
import { listenMetrics } from './http/metrics.js';
import { readyzRoute } from './http/readyz.js';
import { createHttpServer, listen, type Route } from './http/server.js';
import { startScheduler } from './jobs/schedule.js';
import { scheduledJobs } from './jobs/table.js';
import { createLogger, type Logger } from './logger.js';
import { jobServices, startupSync } from './main/start-up.js';
import { measuredRenderer } from './metrics/renderer.js';
import { createRenderPool } from './render/render-pool.js';
import { createSandboxClock, createSandboxControls } from './sandbox/controls.js';
import { demoPeople } from './sandbox/demo-people.js';
import { sandboxWarnings } from './sandbox/guard.js';
import { SANDBOX_USER, sandboxRoutes } from './sandbox/sandbox-routes.js';
import { type SlackStandIn, startSlackStandIn } from './sandbox/slack-stand-in.js';
import { type OpenedServices, openServices } from './services.js';
import { createAdminCheck } from './slack/admins.js';
import { createSlackApp } from './slack/app.js';
import type { Db } from './store/db.js';

export interface RunningBot {
  config: Config;
  services: OpenedServices;
  /** The store, for tests and tools (the edges never get it). */
  db: Db;
  url: string;
  port: number;
  /** The `/metrics` listener's port, when METRICS_PORT is set. */
  metricsPort?: number;
  /** Only in sandbox mode (no Slack credentials): the local Slack stand-in the bot talks to. */
  standIn?: SlackStandIn;
  /** Runs a scheduled job now, by name (`sync`, `scout`, …), under its lock. */
  runJob(name: string): Promise<unknown>;
  /** Runs the alerts tick once now: failed evaluations again, repeats, ended silences (tests). */
  runAlerts(at?: Date): Promise<unknown>;
  /** Runs the digest job once now. */
  runDigest(at?: Date, options?: { dryRun?: boolean }): Promise<DigestRun>;
  /** The persisted delivery queue (tests drain it by hand with `sleep` set). */
  queue: OpenedServices['queue'];
  /** The start-up sync when the data was stale (runs in the background). */
  initialSync?: Promise<unknown>;
  close(): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  now?: () => Date;
  /**
   * Tests: the delivery queue's waits on a virtual clock, with no background worker (call `queue.drain()`)
   * and no job on the wall clock's schedule (call `runJob`): a minute's tick never runs in the middle of
   * a test with the test's clock.
   */
  sleep?: (ms: number) => Promise<void>;
}

export async function startBot(options: StartOptions = {}): Promise<RunningBot> {
  const config = loadConfig(options.env ?? process.env);
  const logger = options.logger ?? createLogger({ level: config.logLevel, secrets: config.secrets });
  // The sandbox can move its own clock ("advance a data day"); elsewhere time is real (or the test's).
  // Times kept to compare with a later clock (delivery pacing, retries, leases) stay on the wall clock,
  // or a restart on real time would find them a day ahead.
  const wallClock = options.now ?? (() => new Date());
  const clock = createSandboxClock(wallClock);
  const now = config.slack.mode === 'sandbox' ? clock.now : wallClock;
  const startedAt = wallClock();
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const c of closers.reverse())
      await c().catch((err: unknown) => logger.warn({ err }, 'shutdown step failed'));
  };

  try {
    let { botToken, signingSecret, apiUrl } = config.slack;
    let standIn: SlackStandIn | undefined;
    if (config.slack.mode === 'sandbox') {
      // The demo organization's members are people of the sandbox's Slack (`/insights seats ask` DMs them).
      standIn = await startSlackStandIn({ token: 'xoxb-sandbox', findUser: demoPeople(config.demo.org) });
      closers.push(() => standIn?.close() ?? Promise.resolve());
      botToken = 'xoxb-sandbox';
      signingSecret = randomBytes(16).toString('hex');
      apiUrl = standIn.apiUrl;
    }
    // `/metrics` (METRICS_PORT): the services record into it; its gauges read the store at scrape time.
    const metrics =
      config.metricsPort === null
        ? null
        : // Loaded only when asked for: prom-client costs the default (sandbox) bot about 14 MB.
          (await import('./metrics/registry.js')).createMetrics({
            snapshot: () => services.operations(),
            // The stored instants (queued, last success) are wall-clock times, like the queue's.
            now: wallClock,
            logger,
          });
    const recorder = metrics?.recorder ?? NO_METRICS;
    const renderer = measuredRenderer(createRenderPool({ size: config.renderWorkers }), recorder);
    closers.push(() => renderer.close());
    const services = await openServices(config, logger, {
      metrics: recorder,
      slack: { botToken, apiUrl },
      now: wallClock,
      // The sandbox's clock, which "advance a data day" moves: the demo's data day follows it, while the
      // alert lifecycle keeps real time (a CLI import stamps real time too).
      ...(standIn ? { sandboxClock: now } : {}),
      sleep: options.sleep,
      renderDigest: (d) => renderer.renderDigest(d),
    });
    closers.push(() => services.close());
    // Before any sync: a new SIEM destination's backfill comes first.
    await services.siem.start(wallClock());
    const slack = await createSlackApp(
      {
        mode: config.slack.mode === 'socket' ? 'socket' : 'http',
        botToken: botToken ?? '',
        signingSecret,
        appToken: config.slack.appToken,
        apiUrl,
        logger,
      },
      {
        charts: services.charts,
        alerts: services.alerts,
        subscriptions: services.subscriptions,
        exports: services.exports,
        activity: services.activity,
        compliance: services.compliance,
        scout: services.scout,
        status: services.status,
        home: services.home,
        siem: services.siem,
        seats: services.seats,
        seatReclaim: services.seatReclaim,
        renderer,
        logger: logger.child({ subsystem: 'slack' }),
        now,
        admins: createAdminCheck(
          // In the sandbox the person at the page is the admin, unless INSIGHTS_ADMINS says otherwise.
          standIn && config.admins.users.length + config.admins.groups.length === 0
            ? { users: [SANDBOX_USER], groups: [] }
            : config.admins,
          now,
        ),
        defaultTimeZone: config.timezone,
        importHelp: { importDir: config.importDir, sandbox: standIn !== undefined },
        metrics: recorder,
      },
    );

    let port = config.port;
    const routes: Route[] = [
      healthzRoute({
        ping: services.ping,
        delivery: () => services.status.delivery(),
        mode: config.slack.mode,
        startedAt,
        now: wallClock,
      }),
      readyzRoute({ ready: services.ready, connected: () => slack.connected() }),
    ];
    const handleEvents = slack.handleEvents;
    if (handleEvents) routes.push({ method: 'POST', path: '/slack/events', handler: handleEvents });
    if (config.ingest) {
      const log = logger.child({ subsystem: 'ingest' });
      routes.push(ingestRoute({ token: config.ingest.token, scout: services.scout, now, logger: log }));
    }
    if (config.hubWebhookSecret) {
      const log = logger.child({ subsystem: 'hub-webhook' });
      routes.push(
        hubWebhookRoute({ secret: config.hubWebhookSecret, hubPushes: services.hubPushes, logger: log }),
      );
    }
    if (standIn && signingSecret) {
      const controls = createSandboxControls({
        clock,
        digests: services.digests,
        queue: services.queue,
        subscriptions: services.subscriptions,
        org: services.org,
        charts: services.charts,
        importFile: (path, at) =>
          services.imports.importFile({ path, kind: 'compliance', by: SANDBOX_USER }, at),
      });
      routes.push(
        ...sandboxRoutes({
          standIn,
          signingSecret,
          botUrl: () => `http://127.0.0.1:${port}`,
          controls,
          host: config.host,
        }),
      );
      for (const warning of sandboxWarnings({ host: config.host, dockerToken: !!config.docker?.token })) {
        logger.warn(warning);
      }
    }
    const server = createHttpServer(routes, logger.child({ subsystem: 'http' }));
    port = await listen(server, config.port, config.host);
    closers.push(() => new Promise((resolve) => server.close(() => resolve(undefined))));
    const metricsListener =
      metrics && config.metricsPort !== null
        ? await listenMetrics(metrics, config.metricsPort, config.host, logger)
        : undefined;
    if (metricsListener) closers.push(metricsListener.close);
    const metricsPort = metricsListener?.port;
    await slack.start();
    closers.push(() => slack.stop());
    // Alert changes republish recent visitors' Home tabs, coalesced and within views.publish's rate limit.
    const homeRefresher = createHomeRefresher({
      visitors: () => services.home.recentVisitors(now()),
      publish: (user) => slack.publishHome(user),
      logger: logger.child({ subsystem: 'home' }),
    });
    const offAlerts = services.alerts.onChange(() => homeRefresher.schedule());
    closers.push(async () => {
      offAlerts();
      await homeRefresher.close();
    });

    if (!options.sleep) {
      services.queue.start();
      closers.push(services.siem.startWorker());
    }
    const jobs = jobServices(services);
    const scheduler = startScheduler(scheduledJobs(jobs, config), jobs, {
      lock: (name, fn) => services.db.withLock(name, fn),
      logger,
      now,
      schedule: !options.sleep,
    });
    closers.push(() => scheduler.stop());
    if (config.importDir) {
      const watcher = watchImportDir({
        dir: config.importDir,
        importFile: (path) => services.imports.importFile({ path, by: 'import-dir' }, now()),
        logger,
      });
      closers.push(async () => watcher.close());
    }
    // In the background: the bot answers Slack while the first sync runs.
    const initialSync = services.sync.sources.includes('hub-members')
      ? startupSync(services, scheduler, logger, now())
      : undefined;
    // Shutting down waits for it: the store closes after the sync's last write.
    closers.push(() => initialSync ?? Promise.resolve());

    const url = `http://localhost:${port}`;
    logger.info(
      { mode: config.slack.mode, port, database: services.db.kind, source: services.charts.kind },
      'insights bot ready',
    );
    return {
      config,
      services,
      db: services.db,
      queue: services.queue,
      url,
      port,
      metricsPort,
      standIn,
      initialSync,
      runDigest: (at, opts) => services.digests.run(at ?? now(), opts),
      runAlerts: (at) => jobs.alertsTick(at ?? now()),
      runJob: (name) => scheduler.runNow(name),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
