import { randomBytes } from 'node:crypto';
import { type Config, loadConfig } from './config.js';
import { type Core, openCore } from './core.js';
import { healthzRoute } from './http/healthz.js';
import { hubWebhookRoute } from './http/hub-webhook.js';
import { ingestRoute } from './http/ingest.js';
import { createHttpServer, listen, type Route } from './http/server.js';
import { notifyAlerts, openAlerts } from './jobs/alerts.js';
import { type DigestDeps, type DigestRun, runDigest } from './jobs/digest.js';
import { watchImportDir } from './jobs/import-watcher.js';
import { type Job, type Scheduler, startScheduler } from './jobs/schedule.js';
import { SCOUT_SOURCE } from './jobs/scout.js';
import { API_SOURCES } from './jobs/sync.js';
import { createLogger, type Logger } from './logger.js';
import { createRenderPool } from './render/render-pool.js';
import { createSandboxClock, createSandboxControls } from './sandbox/controls.js';
import { SANDBOX_USER, sandboxRoutes } from './sandbox/sandbox-routes.js';
import { type SlackStandIn, startSlackStandIn } from './sandbox/slack-stand-in.js';
import { createAdminCheck } from './slack/admins.js';
import { createSlackApp } from './slack/app.js';
import type { DeliveryQueue } from './slack/delivery/queue.js';
import { createChartPostsRepo } from './store/chart-posts-repo.js';
import { createSubscriptionsRepo } from './store/subscriptions-repo.js';

export interface RunningBot {
  config: Config;
  core: Core;
  url: string;
  port: number;
  /** Only in sandbox mode (no Slack credentials): the local Slack stand-in the bot talks to. */
  standIn?: SlackStandIn;
  /** Runs a scheduled job now, by name (`sync`, `scout`, …), under its lock. */
  runJob(name: string): Promise<unknown>;
  /** Runs the alerts tick once now: failed evaluations again, repeats, ended silences (tests). */
  runAlerts(at?: Date): Promise<unknown>;
  /** Runs the digest job once now (tests, `insights-bot digest`). */
  runDigest(at?: Date, options?: { dryRun?: boolean }): Promise<DigestRun>;
  queue: DeliveryQueue;
  /** The start-up sync when the data was stale (runs in the background). */
  initialSync?: Promise<unknown>;
  close(): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  now?: () => Date;
  /** Tests: the delivery queue's waits on a virtual clock, with no background worker (call `queue.drain()`). */
  sleep?: (ms: number) => Promise<void>;
}

const HOUR = 3_600_000;

interface JobDeps {
  core: Core;
  digest: DigestDeps;
}

/** Every minute: evaluations that failed, then repeats, silences that ended, stale messages. */
async function alertsTick(core: Core, now: Date) {
  await core.evaluatePending(now);
  return notifyAlerts(core.alerts, now);
}

/** The scheduled jobs: one table, each a function of (deps, now). */
function jobs(config: Config): Job<JobDeps>[] {
  const tz = config.timezone;
  const digest: Job<JobDeps> = {
    // Every minute: cheap when nothing is due; a digest goes out at (or just after) its local time.
    name: 'digest',
    cron: '* * * * *',
    timezone: tz,
    run: (d, now) => runDigest(d.digest, now),
  };
  const alerts: Job<JobDeps> = {
    // Repeats, silences that ended, messages that went stale while silenced.
    name: 'alerts',
    cron: '* * * * *',
    timezone: tz,
    run: (d, now) => alertsTick(d.core, now),
  };
  const scoutJob: Job<JobDeps>[] = config.scout
    ? [
        {
          // Every 10 minutes; the Scout sync itself polls only when the last scrape is about an hour old.
          name: 'scout',
          cron: '*/10 * * * *',
          timezone: tz,
          run: (d, now) => d.core.sync(now, [SCOUT_SOURCE]),
        },
      ]
    : [];
  if (!config.docker?.token) return [digest, alerts, ...scoutJob];
  return [
    { name: 'sync', cron: config.syncCron, timezone: tz, run: (d, now) => d.core.sync(now, API_SOURCES) },
    {
      name: 'sync-activity',
      cron: config.activitySyncCron,
      timezone: tz,
      run: (d, now) => d.core.sync(now, ['activity-log']),
    },
    digest,
    alerts,
    ...scoutJob,
  ];
}

/**
 * At start: a full sync when the data is stale (else Docker's action catalog when it is a day old), then a
 * warning for SENSITIVE_ACTIONS entries that match nothing Docker logs.
 */
async function startupSync(core: Core, scheduler: Scheduler, logger: Logger, now: Date) {
  try {
    const result = (await core.syncIsStale(now, HOUR))
      ? await scheduler.runNow('sync')
      : await core.sync(now, ['activity-actions']);
    const unknown = await core.unknownSensitiveActions();
    if (unknown && unknown.length > 0) {
      logger.warn(
        { entries: unknown },
        "SENSITIVE_ACTIONS: these entries match no action in Docker's activity-log catalog; check their spelling",
      );
    }
    return result;
  } catch (err) {
    logger.error({ err }, 'start-up sync failed; the scheduled sync tries again');
    return undefined;
  }
}

/** The composition root: config → store → sources → renderer → Slack → HTTP → schedules. */
export async function startBot(options: StartOptions = {}): Promise<RunningBot> {
  const config = loadConfig(options.env ?? process.env);
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  // The sandbox can move its own clock ("advance a data day"); elsewhere time is real (or the test's).
  const clock = createSandboxClock(options.now);
  const now = config.slack.mode === 'sandbox' ? clock.now : (options.now ?? (() => new Date()));
  const startedAt = now();
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const c of closers.reverse())
      await c().catch((err: unknown) => logger.warn({ err }, 'shutdown step failed'));
  };

  try {
    let { botToken, signingSecret, apiUrl } = config.slack;
    let standIn: SlackStandIn | undefined;
    if (config.slack.mode === 'sandbox') {
      standIn = await startSlackStandIn({ token: 'xoxb-sandbox' });
      closers.push(() => standIn?.close() ?? Promise.resolve());
      botToken = 'xoxb-sandbox';
      signingSecret = randomBytes(16).toString('hex');
      apiUrl = standIn.apiUrl;
    }
    const core = await openCore(config, logger, { slack: { botToken, apiUrl }, now, sleep: options.sleep });
    closers.push(() => core.close());
    const { queue } = core;
    const renderer = createRenderPool({ size: config.renderWorkers });
    closers.push(() => renderer.close());
    const subscriptions = createSubscriptionsRepo(core.db);
    const digestDeps: DigestDeps = {
      db: core.db,
      source: core.source,
      subscriptions,
      queue,
      renderDigest: (d) => renderer.renderDigest(d),
      openAlerts: async () => (await openAlerts(core.alerts)).length,
      logger: logger.child({ job: 'digest' }),
    };
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
        source: core.source,
        renderer,
        chartPosts: createChartPostsRepo(core.db),
        logger: logger.child({ subsystem: 'slack' }),
        now,
        statusView: async () => {
          const [view, failed] = await Promise.all([core.statusView(), queue.failures(5)]);
          const deliveries = failed.map(
            (f) => `Posting to <#${f.channel}> failed and was given up: ${f.error} (${f.key}).`,
          );
          return { ...view, hints: [...deliveries, ...view.hints] };
        },
        subscriptions,
        db: core.db,
        alerts: core.alerts,
        scoutConfigured: config.scout !== null,
        admins: createAdminCheck(
          // In the sandbox the person at the page is the admin, unless INSIGHTS_ADMINS says otherwise.
          standIn && config.admins.users.length + config.admins.groups.length === 0
            ? { users: [SANDBOX_USER], groups: [] }
            : config.admins,
          now,
        ),
        defaultTimeZone: config.timezone,
        importHelp: { importDir: config.importDir, sandbox: standIn !== undefined },
      },
    );

    let port = config.port;
    const routes: Route[] = [healthzRoute({ db: core.db, mode: config.slack.mode, startedAt, now })];
    const handleEvents = slack.handleEvents;
    if (handleEvents) routes.push({ method: 'POST', path: '/slack/events', handler: handleEvents });
    if (config.ingest) {
      routes.push(
        ingestRoute({
          ingest: config.ingest,
          alerts: core.alerts,
          now,
          logger: logger.child({ subsystem: 'ingest' }),
        }),
      );
    }
    if (config.hubWebhookSecret) {
      routes.push(
        hubWebhookRoute({
          secret: config.hubWebhookSecret,
          subscriptions,
          queue,
          logger: logger.child({ subsystem: 'hub-webhook' }),
        }),
      );
    }
    if (standIn && signingSecret) {
      const controls = createSandboxControls({
        clock,
        digest: digestDeps,
        queue,
        org: core.alerts.org,
        source: core.source,
        importFile: (path, at) => core.importFile({ path, kind: 'compliance', by: SANDBOX_USER }, at),
      });
      routes.push(
        ...sandboxRoutes({ standIn, signingSecret, botUrl: () => `http://127.0.0.1:${port}`, controls }),
      );
    }
    const server = createHttpServer(routes, logger.child({ subsystem: 'http' }));
    port = await listen(server, config.port, config.host);
    closers.push(() => new Promise((resolve) => server.close(() => resolve(undefined))));
    await slack.start();
    closers.push(() => slack.stop());

    if (!options.sleep) queue.start();
    const scheduler = startScheduler(
      jobs(config),
      { core, digest: digestDeps },
      { db: core.db, logger, now },
    );
    closers.push(() => scheduler.stop());
    if (config.importDir) {
      const watcher = watchImportDir({
        dir: config.importDir,
        importFile: (path) => core.importFile({ path, by: 'import-dir' }, now()),
        logger,
      });
      closers.push(async () => watcher.close());
    }
    // In the background: the bot answers Slack while the first sync runs.
    const initialSync = core.docker ? startupSync(core, scheduler, logger, now()) : undefined;

    const url = `http://localhost:${port}`;
    logger.info(
      { mode: config.slack.mode, port, database: core.db.kind, source: core.source.kind },
      'insights bot ready',
    );
    return {
      config,
      core,
      url,
      port,
      standIn,
      initialSync,
      queue,
      runDigest: (at, options) => runDigest(digestDeps, at ?? now(), options),
      runAlerts: (at) => alertsTick(core, at ?? now()),
      runJob: (name) => scheduler.runNow(name),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
