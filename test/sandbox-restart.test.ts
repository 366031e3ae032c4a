import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { type RunningBot, startBot } from '../src/main.js';
import type { StandInMessage } from '../src/sandbox/slack-stand-in.js';
import { freshDatabase, TEST_DATABASE_URL } from './support/databases.js';
import { postSandbox } from './support/sandbox-post.js';
import { until } from './support/until.js';

// The sandbox (no Slack credentials) on one PostgreSQL schema, restarted: "Advance a data day" moves
// the sandbox's clock, and nothing the delivery queue stores may come from that clock.
const START = Date.parse('2026-11-21T06:00:00Z');
const DAY = 86_400_000;
const FIXTURES = new URL('./fixtures/imports/', import.meta.url).pathname;

let clock = START;
let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
const bots: RunningBot[] = [];

afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.close();
  await database?.drop();
  database = undefined;
});

/** The sandbox bot on the test's clock; with `virtualWaits`, the delivery queue's waits move that clock. */
async function sandbox(env: Record<string, string>, virtualWaits: boolean): Promise<RunningBot> {
  const bot = await startBot({
    env: {
      SLACK_BOT_TOKEN: '',
      SLACK_SIGNING_SECRET: '',
      SLACK_APP_TOKEN: '',
      PORT: '0',
      HOST: '127.0.0.1',
      RENDER_WORKERS: '1',
      ...env,
    },
    logger: createLogger({ level: 'silent' }),
    now: () => new Date(clock),
    ...(virtualWaits
      ? {
          sleep: async (ms: number) => {
            clock += ms;
          },
        }
      : {}),
  });
  bots.push(bot);
  return bot;
}

const post = async (bot: RunningBot, path: string, body: Record<string, string> = {}) =>
  (await (await postSandbox(bot, path, body)).json()) as { ok: boolean; text?: string };

const command = (bot: RunningBot, text: string) => post(bot, '/sandbox/command', { text });
const control = async (bot: RunningBot, name: string) =>
  (await post(bot, `/sandbox/controls/${name}`)).text ?? '';
const channelPosts = (bot: RunningBot) =>
  bot.standIn?.history('C0INSIGHTS').filter((m: StandInMessage) => !m.ephemeralTo && m.botId) ?? [];

describe('the sandbox after "Advance a data day" and a restart', { timeout: 90_000 }, () => {
  it('posts the imported sample reports’ alerts within seconds', async () => {
    database = await freshDatabase('postgres');
    const env = {
      DATABASE_URL: `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${database.schema}`)}`,
    };
    clock = START;
    const first = await sandbox(env, true);
    // A command's work goes on after its acknowledgement: wait until both subscriptions are stored.
    await command(first, '/insights subscribe digest');
    await command(first, '/insights subscribe drift');
    for (const kind of ['digest', 'drift'] as const) {
      await until(`the ${kind} subscription`, async () =>
        (await first.services.subscriptions.list(kind)).length === 1 ? true : undefined,
      );
    }
    expect(await control(first, 'advance-data-day')).toContain('Digest sent to <#C0INSIGHTS>');
    // The channel's pacing slot is one second after the send on the wall clock, not a day ahead.
    const [slot] = await database.db.query<{ next_at: Date }>(
      `SELECT next_at FROM delivery_channels WHERE channel = 'C0INSIGHTS'`,
    );
    expect(new Date(slot?.next_at ?? 0).getTime() - clock).toBeLessThanOrEqual(1000);
    await first.close();

    // As an earlier version left the store: that slot a day ahead. The restarted bot brings it back.
    await database.db.query('UPDATE delivery_channels SET next_at = $1', [new Date(clock + DAY)]);
    const restarted = await sandbox(env, true);
    const before = clock;
    expect(await control(restarted, 'import-sample-compliance')).toMatch(/^Imported sample report 1 of 3/);
    expect(channelPosts(restarted).map((m) => m.text)).toEqual([expect.stringMatching(/new drift alerts?/)]);
    expect(await control(restarted, 'import-sample-compliance')).toMatch(/^Imported sample report 2 of 3/);
    expect(restarted.standIn?.calls.filter((c) => c.method === 'chat.update').length).toBeGreaterThan(0);
    expect(await restarted.queue.stats()).toMatchObject({ pending: 0, failed: 0 });
    // Every wait of the queue moved the test's clock: seconds, not the day the stored slot asked for.
    expect(clock - before).toBeLessThan(10_000);
  });

  it('says "delivery stalled" in /insights status and reports the backlog in /healthz while Slack is down', async () => {
    clock = START;
    // The delivery queue's own worker, on real timers; the test's clock stands still unless moved.
    const bot = await sandbox({ DATA_DIR: 'memory://' }, false);
    const slack = bot.standIn;
    if (!slack) throw new Error('no stand-in');
    const healthz = async () =>
      (await (await fetch(`http://127.0.0.1:${bot.port}/healthz`)).json()) as Record<string, unknown>;
    await command(bot, '/insights subscribe drift');
    await until('the drift subscription', async () =>
      (await bot.services.subscriptions.list('drift')).length === 1 ? true : undefined,
    );
    // Slack is down for posts: every chat.postMessage answers 503.
    for (let i = 0; i < 100; i++) slack.failNext('chat.postMessage', { status: 503 });
    await bot.services.imports.importFile(
      { path: `${FIXTURES}compliance.csv`, kind: 'compliance', by: 'test' },
      new Date(clock),
    );
    await until('a first failed attempt', async () => (await bot.services.status.delivery()).lastError);
    expect((await healthz()).delivery).toEqual({ backlog: 1, oldestPendingSeconds: 0, stalled: false });

    clock += 15 * 60_000;
    expect(await healthz()).toMatchObject({
      status: 'ok',
      delivery: { backlog: 1, oldestPendingSeconds: 900, stalled: true },
    });
    await command(bot, '/insights status');
    const answer = await slack.waitFor((s) =>
      s.history('C0INSIGHTS', 'U0SANDBOX').find((m) => m.ephemeralTo && m.text?.includes('Insights sources')),
    );
    expect(answer.text).toMatch(/^Slack delivery stalled: 1 post waiting, the oldest for 15m 00s\. /);
    expect(JSON.stringify(answer.blocks)).toContain('last error: http_503');

    // Slack is back: the alert goes out with the next retry and the stall is over.
    slack.reset();
    clock += 10 * 60_000;
    await until('the alert in the channel', () => channelPosts(bot).length > 0, 20_000);
    expect((await healthz()).delivery).toEqual({ backlog: 0, oldestPendingSeconds: null, stalled: false });
  });
});
