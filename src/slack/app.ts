import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { InsightsError } from '../errors.js';
import type { Logger } from '../logger.js';
import { CALL_LIMITS } from '../outgoing.js';
import { boltLogger } from './bolt-logger.js';
import type { SlackDeps } from './deps.js';
import { guardEventBody } from './event-body.js';
import { registerListeners } from './listeners.js';
import { slackFetch } from './slack-fetch.js';
import { slackErrorCode } from './upload-to-channel.js';

export interface SlackAppOptions {
  mode: 'http' | 'socket';
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  /** Slack Web API base URL (tests and the sandbox point it at a local stand-in). */
  apiUrl?: string;
  logger: Logger;
}

export interface SlackApp {
  app: App;
  /** HTTP mode: handles `POST /slack/events` (body shape checked here, signature by Bolt's HTTPReceiver). */
  handleEvents?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Publishes `user`'s Home tab again (alert changes; see app/home-refresher.ts). */
  publishHome(user: string): Promise<void>;
  /** `/readyz`: in Socket Mode, whether the socket to Slack is connected now; always true in HTTP mode. */
  connected(): boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Builds the Bolt app, checks the bot token with `auth.test`, and registers every listener. */
export async function createSlackApp(options: SlackAppOptions, deps: SlackDeps): Promise<SlackApp> {
  const logger = boltLogger(options.logger);
  const clientOptions = {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    // Interactive replies should not sit in the default 30-minute retry schedule.
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
    // Slack's client has no time limit by default: an upload (a chart, an export) that stalls ends here.
    timeout: CALL_LIMITS.slackApi.deadlineMs,
    fetch: slackFetch,
  };
  let receiver: HTTPReceiver | undefined;
  let app: App;
  let socketConnected = false;
  if (options.mode === 'http') {
    if (!options.signingSecret)
      throw new InsightsError('config_invalid', 'SLACK_SIGNING_SECRET is required in HTTP mode');
    receiver = new HTTPReceiver({ signingSecret: options.signingSecret, endpoints: '/slack/events', logger });
    app = new App({ token: options.botToken, receiver, logger, clientOptions, deferInitialization: true });
  } else {
    const socket = new SocketModeReceiver({
      appToken: options.appToken ?? '',
      logger,
      logLevel: LogLevel.INFO,
      // apps.connections.open goes to the same Slack API base as the rest (stand-ins in tests).
      installerOptions: { clientOptions },
    });
    // Connected from Slack's `hello` until the socket closes; reconnecting counts as not connected.
    socket.client.on('connected', () => {
      socketConnected = true;
    });
    for (const state of ['connecting', 'disconnecting', 'disconnected', 'reconnecting']) {
      socket.client.on(state, () => {
        socketConnected = false;
      });
    }
    app = new App({
      token: options.botToken,
      receiver: socket,
      socketMode: true,
      logger,
      logLevel: LogLevel.INFO,
      clientOptions,
      deferInitialization: true,
    });
  }
  try {
    await app.init();
  } catch (err) {
    const code = slackErrorCode(err) ?? (err as Error).message;
    throw new InsightsError(
      'slack_auth_failed',
      `SLACK_BOT_TOKEN was rejected by Slack (${code}). Check the token on the app's "OAuth & Permissions" page.`,
      { cause: err },
    );
  }
  const home = registerListeners(app, deps);
  app.error(async (error) => {
    options.logger.error({ err: error, code: error.code }, 'unhandled error in a Slack listener');
  });
  const http = receiver;
  return {
    app,
    handleEvents: http
      ? guardEventBody((req, res) => http.requestListener(req, res), options.logger)
      : undefined,
    publishHome: (user) => home.publish(app.client, user),
    connected: () => options.mode === 'http' || socketConnected,
    async start() {
      if (options.mode === 'socket') await app.start();
    },
    async stop() {
      if (options.mode === 'socket') await app.stop();
    },
  };
}
