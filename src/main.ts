import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { type Config, loadConfig } from './config.js';
import { createDemoSource } from './demo/demo-source.js';
import { healthzRoute } from './http/healthz.js';
import { createHttpServer, listen, type Route } from './http/server.js';
import { createLogger, type Logger } from './logger.js';
import { createRenderPool } from './render/render-pool.js';
import { sandboxRoutes } from './sandbox/sandbox-routes.js';
import { type SlackStandIn, startSlackStandIn } from './sandbox/slack-stand-in.js';
import { createSlackApp } from './slack/app.js';
import { createChartPostsRepo } from './store/chart-posts-repo.js';
import { openDatabase } from './store/db.js';

export interface RunningBot {
  config: Config;
  url: string;
  port: number;
  /** Only in sandbox mode (no Slack credentials): the local Slack stand-in the bot talks to. */
  standIn?: SlackStandIn;
  close(): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  now?: () => Date;
}

/** The composition root: config → store → source → renderer → Slack → HTTP. */
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
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    closers.push(() => db.close());
    const source = createDemoSource({ seed: config.demo.seed, org: config.demo.org });
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
        source,
        renderer,
        chartPosts: createChartPostsRepo(db),
        logger: logger.child({ subsystem: 'slack' }),
        now,
      },
    );

    let port = config.port;
    const routes: Route[] = [healthzRoute({ db, mode: config.slack.mode, startedAt, now })];
    const handleEvents = slack.handleEvents;
    if (handleEvents) routes.push({ method: 'POST', path: '/slack/events', handler: handleEvents });
    if (standIn && signingSecret) {
      routes.push(...sandboxRoutes({ standIn, signingSecret, botUrl: () => `http://127.0.0.1:${port}` }));
    }
    const server: Server = createHttpServer(routes, logger.child({ subsystem: 'http' }));
    port = await listen(server, config.port, config.host);
    closers.push(() => new Promise((resolve) => server.close(() => resolve(undefined))));
    await slack.start();
    closers.push(() => slack.stop());

    const url = `http://localhost:${port}`;
    logger.info(
      { mode: config.slack.mode, port, database: db.kind, source: source.kind },
      'insights bot ready',
    );
    return { config, url, port, standIn, close };
  } catch (err) {
    await close();
    throw err;
  }
}
