import { spawn } from 'node:child_process';
import { WebClient } from '@slack/web-api';
import { createDeliveryQueue } from '../src/app/delivery-queue.js';
import { createLogger } from '../src/logger.js';
import { createSlackTransport } from '../src/slack/delivery-transport.js';
import { openDatabase } from '../src/store/db.js';
import { TEST_DATABASE_URL } from '../test/support/databases.js';
import { startServerProcess } from './server-process.js';
import { ms, percentile } from './stats.js';

const CHANNELS = 200;
const PER_CHANNEL = 20;
const INTERVAL_MS = 1000;

/**
 * The delivery queue's background worker with a backlog of 20 posts in each of 200 channels, on
 * PostgreSQL, the worker (bench/queue-worker.mjs) and the Slack stand-in each in their own process: every channel should get one post a
 * second (pacing), without the schedule slipping as posts accumulate (drift), in little memory.
 * `QW_FLAGS` passes one Node flag to the worker (e.g. `--optimize-for-size`).
 */
export async function benchQueue(): Promise<Record<string, string>> {
  const { child: slack, info } = await startServerProcess<{ apiUrl: string }>('./slack-stand-in-server.ts', {
    CHANNELS: String(CHANNELS),
  });
  const schema = `bench_queue_${process.pid}`;
  const db = await openDatabase({ databaseUrl: TEST_DATABASE_URL, schema });
  try {
    const queue = createDeliveryQueue({
      db,
      // Only enqueues here: the worker process (queue-worker.mjs) sends.
      transport: createSlackTransport(new WebClient('xoxb-unused'), createLogger({ level: 'warn' })),
      logger: createLogger({ level: 'warn' }),
    });
    for (let n = 0; n < PER_CHANNEL; n++) {
      for (let c = 0; c < CHANNELS; c++) {
        await queue.enqueue(`bench:${c}:${n}`, {
          kind: 'message',
          channel: `C0BENCH${c}`,
          text: `post ${n}`,
        });
      }
    }
    const total = CHANNELS * PER_CHANNEL;
    const worker = await runWorker({
      DATABASE_URL: TEST_DATABASE_URL,
      SCHEMA: schema,
      SLACK_API_URL: info.apiUrl,
      TOTAL: String(total),
    });

    const rows = await db.query<{ channel: string; at: Date }>(
      `SELECT channel, attempt_at AS at FROM delivery_queue WHERE state = 'sent' ORDER BY channel, id`,
    );
    const byChannel = new Map<string, number[]>();
    for (const r of rows) byChannel.set(r.channel, [...(byChannel.get(r.channel) ?? []), r.at.getTime()]);
    const gaps: number[] = [];
    const drifts: number[] = [];
    for (const times of byChannel.values()) {
      for (let i = 1; i < times.length; i++) gaps.push((times[i] ?? 0) - (times[i - 1] ?? 0));
      // How far the last post slipped behind one-a-second from the channel's first post.
      drifts.push((times.at(-1) ?? 0) - (times[0] ?? 0) - (times.length - 1) * INTERVAL_MS);
    }
    return {
      [`delivery queue, ${CHANNELS} channels × ${PER_CHANNEL} posts (PostgreSQL)`]: `${total} posts in ${worker.seconds.toFixed(1)} s (${(total / worker.seconds).toFixed(0)}/s)`,
      'gap between posts in one channel': `min ${ms(Math.min(...gaps))}, p50 ${ms(percentile(gaps, 50))}, p99 ${ms(percentile(gaps, 99))}`,
      [`drift after ${PER_CHANNEL} posts (last post vs. first + ${PER_CHANNEL - 1} s)`]: `p50 ${ms(percentile(drifts, 50))}, max ${ms(Math.max(...drifts))}`,
      'delivery queue worker peak RSS (plain node, dist/)': `${worker.peakRssMb.toFixed(0)} MB`,
    };
  } finally {
    await db.query(`DROP SCHEMA ${schema} CASCADE`);
    await db.close();
    slack.kill('SIGTERM');
  }
}

async function runWorker(env: Record<string, string>): Promise<{ seconds: number; peakRssMb: number }> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.QW_FLAGS ? [process.env.QW_FLAGS] : []),
      new URL('./queue-worker.mjs', import.meta.url).pathname,
    ],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  const code = await new Promise((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`queue worker exited with ${code}`);
  return JSON.parse(out) as { seconds: number; peakRssMb: number };
}
