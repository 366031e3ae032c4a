/**
 * The sandbox's clock runs ahead after "Advance a data day", while `insights-bot import` in another process
 * stamps real time: the alert lifecycle keeps one clock, so "1 new" is not followed by "1 still open".
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMPLIANCE_HEADER } from '../src/demo/demo-compliance.js';
import { createLogger } from '../src/logger.js';
import { type RunningBot, startBot } from '../src/main.js';
import { postSandbox } from './support/sandbox-post.js';
import { until } from './support/until.js';

const START = Date.parse('2026-12-07T06:00:00Z');
/** Real time, moved to a fixed day: the delivery queue's pacing still sees time pass. */
const startedAt = Date.now();
const wall = () => new Date(START + (Date.now() - startedAt));
let bot: RunningBot;
let dir: string;

beforeAll(async () => {
  bot = await startBot({
    env: { PORT: '0', HOST: '127.0.0.1', DATA_DIR: 'memory://', RENDER_WORKERS: '1' },
    logger: createLogger({ level: 'warn' }),
    now: wall,
  });
  dir = await mkdtemp(join(tmpdir(), 'insights-sandbox-clock-'));
});
afterAll(async () => {
  await bot?.close();
  await rm(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown) => postSandbox(bot, path, body);

describe('the sandbox clock and a CLI import', () => {
  it('posts a CLI-imported alert once, even after "Advance a data day"', async () => {
    await post('/sandbox/command', { channel: 'C0INSIGHTS', text: '/insights subscribe drift' });
    await until('the drift subscription', async () =>
      (await bot.services.subscriptions.list('drift')).length === 1 ? true : undefined,
    );
    expect((await post('/sandbox/controls/advance-data-day', {})).status).toBe(200);

    const path = join(dir, 'acme-settings-reporting.csv');
    const row =
      'bob,bob@acme.example,Non-compliant,Verified,Global policy,Default org policy,2026-12-07T05:00:00Z,4.53.0';
    await writeFile(path, `${DEMO_COMPLIANCE_HEADER}\n${row}\n`);
    // What `insights-bot import` does in its own process: real time, not the sandbox's.
    await bot.services.imports.importFile({ path, kind: 'compliance', by: 'cli' }, wall());
    await bot.queue.drain();
    // The server's alerts tick, on the sandbox clock a day ahead.
    await bot.runAlerts();
    await bot.queue.drain();

    const posts = (bot.standIn?.history('C0INSIGHTS') ?? []).filter((m) => /drift alert/.test(m.text ?? ''));
    expect(posts.map((m) => m.text?.split(':').slice(0, 3).join(':'))).toEqual([
      ':rotating_light: 1 new drift alert',
    ]);
  });
});
