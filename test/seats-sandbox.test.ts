/**
 * The sandbox shows reclaiming end to end with the demo organization (issue 21): `/insights seats ask` typed
 * on the page finds demo members in the sandbox's Slack, the person at the page gets the first DM, and
 * answering it there takes the buttons away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { type RunningBot, startBot } from '../src/main.js';
import { SEAT_ACTIONS } from '../src/render/seat-reclaim-blocks.js';
import { SANDBOX_USER } from '../src/sandbox/sandbox-routes.js';
import type { SlackStandIn } from '../src/sandbox/slack-stand-in.js';
import { postSandbox } from './support/sandbox-post.js';

const OFFSET = Date.now() - Date.parse('2026-11-21T08:00:00Z');
let bot: RunningBot;
let slack: SlackStandIn;
beforeAll(async () => {
  bot = await startBot({
    env: { PORT: '0', HOST: '127.0.0.1', DATA_DIR: 'memory://', RENDER_WORKERS: '1' },
    logger: createLogger({ level: 'silent' }),
    // A clock that moves (the delivery queue paces DMs a second apart), from the test's day.
    now: () => new Date(Date.now() - OFFSET),
  });
  if (!bot.standIn) throw new Error('not in sandbox mode');
  slack = bot.standIn;
});
afterAll(async () => {
  await bot?.close();
});

const post = (path: string, body: unknown) => postSandbox(bot, path, body);
const hasButton = (blocks: unknown, actionId: string) =>
  JSON.stringify(blocks ?? []).includes(`"action_id":"${actionId}"`);

describe('reclaiming in the sandbox', () => {
  it('DMs the person at the page as the first idle member, who answers there', async () => {
    await post('/sandbox/command', { channel: 'C0GENERAL', text: '/insights seats ask 60d' });
    const preview = await slack.waitFor(
      (s) => s.history('C0GENERAL', SANDBOX_USER).find((m) => hasButton(m.blocks, SEAT_ACTIONS.ask)),
      15_000,
    );
    await post('/sandbox/action', { channel: 'C0GENERAL', ts: preview.ts, actionId: SEAT_ACTIONS.ask });
    const result = await slack.waitFor(
      (s) => s.history('C0GENERAL', SANDBOX_USER).find((m) => /^Asked \d+ members by DM/.test(m.text ?? '')),
      15_000,
    );
    expect(result.text).toMatch(/have no Slack account with their Docker email/);
    const dm = [...slack.channels.values()].find((c) => c.isIm && c.imUser === SANDBOX_USER);
    const question = await slack.waitFor(
      (s) => s.history(dm?.id ?? '').find((m) => hasButton(m.blocks, SEAT_ACTIONS.release)),
      15_000,
    );
    expect(question.text).toMatch(
      /^You haven't used Docker Desktop or signed in to Docker since \d{4}-\d{2}-\d{2}\. Do you still need your Docker Business seat in acme\?$/,
    );
    await post('/sandbox/action', {
      channel: question.channel,
      ts: question.ts,
      actionId: SEAT_ACTIONS.release,
    });
    const answered = await slack.waitFor(
      (s) =>
        s
          .history(question.channel)
          .find((m) => m.ts === question.ts && /^Thanks — you released/.test(m.text ?? '')),
      15_000,
    );
    expect(hasButton(answered.blocks, SEAT_ACTIONS.release)).toBe(false);
  });
});
