import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type RunningBot, startBot } from '../../src/main.js';
import { type SlackStandIn, startSlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import type { StandInMessage } from '../../src/sandbox/slack-stand-in-types.js';
import {
  blockActionsBody,
  eventCallbackBody,
  signedHeaders,
  signedJsonHeaders,
  slashCommandBody,
} from '../../src/slack/sign.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test-token';
/** A fixed clock for the bot: data as of 2026-11-20. */
export const NOW = new Date('2026-11-21T08:00:00Z');

/** Log lines the bot wrote, kept in memory so tests can read them (a real pino logger). */
export class LogSink extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
}

export interface Harness {
  bot: RunningBot;
  /** Moves the bot's clock (it starts at NOW). */
  setNow(at: Date): void;
  slack: SlackStandIn;
  logs: LogSink;
  command(text: string, options?: CommandOptions): Promise<Response>;
  /** Delivers an Events API `event_callback` with `event`, signed as Slack signs it. */
  event(event: Record<string, unknown> & { type: string }, options?: { secret?: string }): Promise<Response>;
  /** Posts a signed interaction (`payload=…` form body) to the bot. */
  interact(body: string): Promise<Response>;
  /** Presses the button `actionId` of the `index`-th alert block in `message`, as `user`. */
  press(
    message: StandInMessage,
    actionId: string,
    options?: { user?: string; index?: number },
  ): Promise<Response>;
  close(): Promise<void>;
}

export interface CommandOptions {
  channel?: string;
  user?: string;
  /** Override the signing: a wrong secret, or a timestamp in the past. */
  secret?: string;
  at?: Date;
}

/** The real bot in HTTP mode (Bolt's HTTPReceiver on a loopback port) talking to the Slack stand-in. */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const slack = await startSlackStandIn({ token: BOT_TOKEN });
  const logs = new LogSink();
  let clock = NOW;
  const fullEnv = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: 'memory://',
    RENDER_WORKERS: '2',
    ...env,
  };
  const bot = await startBot({
    env: fullEnv,
    // As the bot builds its own: the configured secrets never reach the lines tests read.
    logger: createLogger({ level: 'debug', destination: logs, secrets: loadConfig(fullEnv).secrets }),
    now: () => clock,
    // The delivery queue waits on this clock: `bot.queue.drain()` sends everything, pacing included.
    sleep: async (ms) => {
      clock = new Date(clock.getTime() + ms);
    },
  });
  return {
    bot,
    setNow(at) {
      clock = at;
    },
    slack,
    logs,
    command(text, options = {}) {
      const channel = options.channel ?? 'C0INSIGHTS';
      const user = options.user ?? 'U0ALICE';
      const body = slashCommandBody({
        text,
        channelId: channel,
        userId: user,
        responseUrl: slack.responseUrl(channel, user),
      });
      return fetch(`http://127.0.0.1:${bot.port}/slack/events`, {
        method: 'POST',
        headers: signedHeaders(options.secret ?? SIGNING_SECRET, body, options.at ?? new Date()),
        body,
      });
    },
    event(event, options = {}) {
      const body = eventCallbackBody({ event, botUserId: slack.botUserId });
      return fetch(`http://127.0.0.1:${bot.port}/slack/events`, {
        method: 'POST',
        headers: signedJsonHeaders(options.secret ?? SIGNING_SECRET, body),
        body,
      });
    },
    interact(body) {
      return fetch(`http://127.0.0.1:${bot.port}/slack/events`, {
        method: 'POST',
        headers: signedHeaders(SIGNING_SECRET, body),
        body,
      });
    },
    press(message, actionId, options = {}) {
      const user = options.user ?? 'U0ALICE';
      const blockId = `alert:${options.index ?? 0}`;
      const block = (
        (message.blocks ?? []) as Array<{
          block_id?: string;
          elements?: Array<{ action_id?: string; value?: string }>;
        }>
      ).find((b) => b.block_id === blockId);
      const button = block?.elements?.find((e) => e.action_id === actionId);
      if (!button) throw new Error(`no ${actionId} button in block ${blockId}`);
      const body = blockActionsBody({
        userId: user,
        channelId: message.channel,
        messageTs: message.ts,
        actionId,
        blockId,
        value: button.value,
        responseUrl: slack.responseUrl(message.channel, user, message.ts),
      });
      return fetch(`http://127.0.0.1:${bot.port}/slack/events`, {
        method: 'POST',
        headers: signedHeaders(SIGNING_SECRET, body),
        body,
      });
    },
    async close() {
      await bot.close();
      await slack.close();
    },
  };
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  const signature = bytes.subarray(0, 8).toString('hex');
  if (signature !== '89504e470d0a1a0a') throw new Error('not a PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
