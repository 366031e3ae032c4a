import { randomBytes } from 'node:crypto';
import { type Config, loadConfig } from './config.js';
import { type Core, openCore } from './core.js';
import { healthzRoute } from './http/healthz.js';
import { createHttpServer, listen, type Route } from './http/server.js';
import { watchImportDir } from './jobs/import-watcher.js';
import { type Job, startScheduler } from './jobs/schedule.js';
import { createLogger, type Logger } from './logger.js';
import { createRenderPool } from './render/render-pool.js';
import { sandboxRoutes } from './sandbox/sandbox-routes.js';
import { type SlackStandIn, startSlackStandIn } from './sandbox/slack-stand-in.js';
import { createSlackApp } from './slack/app.js';
import { createChartPostsRepo } from './store/chart-posts-repo.js';

export interface RunningBot {
  config: Config;
  core: Core;
  url: string;
  port: number;
  /** Only in sandbox mode (no Slack credentials): the local Slack stand-in the bot talks to. */
  standIn?: SlackStandIn;
  /** The start-up sync when the data was stale (runs in the background). */
  initialSync?: Promise<unknown>;
  close(): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  now?: () => Date;
}

const HOUR = 3_600_000;

/** The scheduled jobs: one table, each a function of (core, now). */
function jobs(config: Config): Job<Core>[] {
  if (!config.docker?.token) return [];
  const tz = config.timezone;
  return [
    { name: 'sync', cron: config.syncCron, timezone: tz, run: (core, now) => core.sync(now) },
    {
      name: 'sync-activity',
      cron: config.activitySyncCron,
      timezone: tz,
      run: (core, now) => core.sync(now, ['activity-log']),
    },
  ];
}

/** The composition root: config → store → sources → renderer → Slack → HTTP → schedules. */
export async function startBot(options: StartOptions = {}): Promise<RunningBot> {
  const config = loadConfig(options.env ?? process.env);
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const c of closers.reverse())
      await c().catch((err: unknown) => logger.warn({ err }, 'shutdown step failed'));
  };

  try {
    const core = await openCore(config, logger);
    closers.push(() => core.close());
    const renderer = createRenderPool({ size: config.renderWorkers });
    closers.push(() => renderer.close());

    let { botToken, signingSecret, apiUrl } = config.slack;
    let standIn: SlackStandIn | undefined;
    if (config.slack.mode === 'sandbox') {
      standIn = await startSlackStandIn({ token: 'xoxb-sandbox' });
      closers.push(() => standIn?.close() ?? Promise.resolve());
      botToken = 'xoxb-sandbox';
      signingSecret = randomBytes(16).toString('hex');
      apiUrl = standIn.apiUrl;
    }
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
        statusView: () => core.statusView(),
      },
    );

    let port = config.port;
    const routes: Route[] = [healthzRoute({ db: core.db, mode: config.slack.mode, startedAt, now })];
    const handleEvents = slack.handleEvents;
    if (handleEvents) routes.push({ method: 'POST', path: '/slack/events', handler: handleEvents });
    if (standIn && signingSecret) {
      routes.push(...sandboxRoutes({ standIn, signingSecret, botUrl: () => `http://127.0.0.1:${port}` }));
    }
    const server = createHttpServer(routes, logger.child({ subsystem: 'http' }));
    port = await listen(server, config.port, config.host);
    closers.push(() => new Promise((resolve) => server.close(() => resolve(undefined))));
    await slack.start();
    closers.push(() => slack.stop());

    const scheduler = startScheduler(jobs(config), core, { db: core.db, logger, now });
    closers.push(() => scheduler.stop());
    if (config.importDir && config.docker) {
      const watcher = watchImportDir({
        dir: config.importDir,
        importFile: (path) => core.importFile({ path, by: 'import-dir' }, now()),
        logger,
      });
      closers.push(async () => watcher.close());
    }
    // In the background: the bot answers Slack while the first sync runs.
    const initialSync =
      core.docker && (await core.syncIsStale(now(), HOUR)) ? scheduler.runNow('sync') : undefined;

    const url = `http://localhost:${port}`;
    logger.info(
      { mode: config.slack.mode, port, database: core.db.kind, source: core.source.kind },
      'insights bot ready',
    );
    return { config, core, url, port, standIn, initialSync, close };
  } catch (err) {
    await close();
    throw err;
  }
}
