import { WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createDeliveryQueue,
  type DeliveryQueue,
  type DeliveryQueueOptions,
} from '../src/app/delivery-queue.js';
import { createLogger } from '../src/logger.js';
import { type SlackStandIn, startSlackStandIn } from '../src/sandbox/slack-stand-in.js';
import { silent } from '../src/sandbox/slack-stand-in.test-support.js';
import { createSlackTransport, DELIVERY_CLIENT_OPTIONS } from '../src/slack/delivery-transport.js';
import type { Db } from '../src/store/db.js';
import { ENGINES, type Engine, type FreshDatabase, freshDatabase } from './support/databases.js';

let standIn: SlackStandIn;
/** Fake clock (epoch ms) shared by the queues and the stand-in; the injected sleep advances it. */
let clock = 0;
let sleeps: number[] = [];
let logs: string[] = [];
let database: FreshDatabase | undefined;

const T0 = Date.parse('2026-03-02T08:00:00Z');
const logger = createLogger({ level: 'warn', destination: { write: (line: string) => logs.push(line) } });

/** The queue's real Slack transport on a WebClient talking to the stand-in. */
function transport(timeout = 0) {
  const options = { ...DELIVERY_CLIENT_OPTIONS, timeout, slackApiUrl: standIn.apiUrl, logger: silent };
  return createSlackTransport(new WebClient('xoxb-queue', options), logger);
}

function queue(db: Db, options: Partial<DeliveryQueueOptions> = {}): DeliveryQueue {
  return createDeliveryQueue({
    db,
    transport: transport(),
    logger,
    now: () => new Date(clock),
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    ...options,
  });
}

async function open(engine: Engine = 'embedded'): Promise<Db> {
  database = await freshDatabase(engine);
  return database.db;
}

const texts = (channel: string) => standIn.history(channel).map((m) => m.text);
const posts = (channel?: string) =>
  standIn.calls.filter((c) => c.method === 'chat.postMessage' && (!channel || c.args.channel === channel));
const message = (channel: string, text: string) => ({ kind: 'message' as const, channel, text });

beforeAll(async () => {
  standIn = await startSlackStandIn({ now: () => clock });
});
afterAll(() => standIn.close());

beforeEach(() => {
  standIn.reset();
  clock = T0;
  sleeps = [];
  logs = [];
});

afterEach(async () => {
  await database?.drop();
  database = undefined;
});

describe('delivery queue', () => {
  it('posts a key once, however often it is enqueued', async () => {
    const q = queue(await open());
    expect(await q.enqueue('digest:C0GENERAL:2026-03-01', message('C0GENERAL', 'digest'))).toBe(true);
    expect(await q.enqueue('digest:C0GENERAL:2026-03-01', message('C0GENERAL', 'again'))).toBe(false);
    expect(await q.drain()).toEqual({ sent: 1, failed: 0, pending: 0 });
    await q.enqueue('digest:C0GENERAL:2026-03-01', message('C0GENERAL', 'after send'));
    expect(await q.drain()).toEqual({ sent: 0, failed: 0, pending: 0 });
    expect(texts('C0GENERAL')).toEqual(['digest']);
    const [post] = posts();
    expect(post?.args.metadata).toEqual({
      event_type: 'insights_delivery',
      event_payload: { key: 'digest:C0GENERAL:2026-03-01' },
    });
    expect(await q.stats()).toEqual({ pending: 0, sent: 1, failed: 0 });
  });

  it('enqueues inside the caller transaction', async () => {
    const db = await open();
    const q = queue(db);
    await expect(
      db.transaction(async (tx) => {
        await q.enqueue('k1', message('C0GENERAL', 'rolled back'), { tx });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await q.enqueue('k2', message('C0GENERAL', 'later'), { notBefore: new Date(T0 + 3_600_000) });
    expect(await q.drain()).toEqual({ sent: 0, failed: 0, pending: 1 });
    expect(posts()).toHaveLength(0);
  });

  it('waits Retry-After on 429, backs off on 5xx, keeps channel order, and does not block other channels', async () => {
    const db = await open();
    const q = queue(db);
    await q.enqueue('e1', message('C0GENERAL', 'earlier'));
    await q.drain();
    clock += 5000;
    const start = clock;
    await q.enqueue('digest:C0GENERAL:2026-03-01', message('C0GENERAL', 'digest'));
    await q.enqueue('later', message('C0GENERAL', 'later'));
    await q.enqueue('other', message('C0INSIGHTS', 'other channel'));
    standIn.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, { channel: 'C0GENERAL' });
    standIn.failNext('chat.postMessage', { status: 500 }, { channel: 'C0GENERAL' });
    expect(await q.drain()).toEqual({ sent: 3, failed: 0, pending: 0 });

    expect(texts('C0GENERAL')).toEqual(['earlier', 'digest', 'later']);
    expect(posts('C0GENERAL').map((c) => c.status)).toEqual([200, 429, 500, 200, 200]);
    expect(sleeps).toContain(1000);
    const general = posts('C0GENERAL').slice(1);
    expect((general[1]?.at ?? 0) - (general[0]?.at ?? 0)).toBe(1000);
    // After the 5xx the outcome is unknown: the history is checked before posting again.
    expect(standIn.calls.some((c) => c.method === 'conversations.history')).toBe(true);
    // The other channel was claimed and sent at once (the fake sleep may advance the clock mid-call).
    const [other] = await db.query<{ at: Date }>(
      `SELECT attempt_at AS at FROM delivery_queue WHERE key = 'other'`,
    );
    expect(other?.at.getTime()).toBe(start);
    expect(posts('C0INSIGHTS').map((c) => c.status)).toEqual([200]);
  });

  it('stops at a permanent error, logs it and lists it', async () => {
    const q = queue(await open());
    await q.enqueue('gone', message('C0MISSING', 'nowhere'));
    await q.enqueue('bad', message('C0GENERAL', 'bad blocks'));
    await q.enqueue('next', message('C0GENERAL', 'next'));
    standIn.failNext('chat.postMessage', { error: 'invalid_blocks' }, { channel: 'C0GENERAL' });
    expect(await q.drain()).toEqual({ sent: 1, failed: 2, pending: 0 });
    expect(posts('C0MISSING')).toHaveLength(1);
    expect(texts('C0GENERAL')).toEqual(['next']);
    const failures = await q.failures();
    expect(failures.map((f) => [f.key, f.channel, f.error])).toEqual(
      expect.arrayContaining([
        ['gone', 'C0MISSING', 'channel_not_found'],
        ['bad', 'C0GENERAL', 'invalid_blocks'],
      ]),
    );
    expect(failures[0]?.at).toBeInstanceOf(Date);
    expect(logs.join('')).toContain('failed permanently');
    expect(await q.stats()).toEqual({ pending: 0, sent: 1, failed: 2 });
  });

  it('paces one channel at one message per second while other channels go in parallel', async () => {
    const db = await open();
    const q = queue(db);
    for (const n of [1, 2, 3]) await q.enqueue(`g${n}`, message('C0GENERAL', `g${n}`));
    await q.enqueue('i1', message('C0INSIGHTS', 'i1'));
    await q.enqueue('d1', message('D0DM', 'd1'));
    expect(await q.drain()).toEqual({ sent: 5, failed: 0, pending: 0 });
    const at = posts('C0GENERAL').map((c) => c.at);
    expect(at).toHaveLength(3);
    expect((at[1] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(1000);
    expect((at[2] ?? 0) - (at[1] ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(texts('C0GENERAL')).toEqual(['g1', 'g2', 'g3']);
    // The other channels were claimed and sent at once, not behind #general's posts (their claim time:
    // the fake sleep may advance the clock while a call is on its way to the stand-in).
    const claimed = await db.query<{ key: string; at: Date }>(
      `SELECT key, attempt_at AS at FROM delivery_queue WHERE key IN ('i1', 'd1') ORDER BY key`,
    );
    expect(claimed.map((r) => r.at.getTime())).toEqual([T0, T0]);
  });

  it('keeps a busy channel on its one-a-second schedule when wake-ups run late, and restarts it after a pause', async () => {
    // Every wake-up comes 40 ms late: the slots stay one second apart instead of slipping 40 ms each.
    const q = queue(await open(), {
      sleep: async (ms) => {
        clock += ms + 40;
      },
    });
    for (const n of [1, 2, 3, 4]) await q.enqueue(`g${n}`, message('C0GENERAL', `g${n}`));
    await q.drain();
    expect(posts('C0GENERAL').map((c) => c.at - T0)).toEqual([0, 1040, 2040, 3040]);

    // After a pause the channel does not catch up on missed slots: the next two go a second apart.
    clock += 10_000;
    const resumed = clock;
    for (const n of [5, 6]) await q.enqueue(`g${n}`, message('C0GENERAL', `g${n}`));
    await q.drain();
    expect(
      posts('C0GENERAL')
        .slice(4)
        .map((c) => c.at - resumed),
    ).toEqual([0, 1040]);
  });

  it('resolves updates and thread replies to the earlier message, uploads included', async () => {
    const q = queue(await open());
    await expect(
      q.enqueue('u0', { kind: 'update', channel: 'C0GENERAL', of: 'nope', text: 'x' }),
    ).rejects.toThrow('unknown delivery');
    await q.enqueue('alert', message('C0GENERAL', 'alert open'));
    await q.enqueue('alert:update', {
      kind: 'update',
      channel: 'C0GENERAL',
      of: 'alert',
      text: 'alert resolved',
    });
    await q.enqueue('alert:reply', {
      kind: 'message',
      channel: 'C0GENERAL',
      text: 'resolved',
      threadOf: 'alert',
    });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const chart = { kind: 'upload' as const, filename: 'chart.png', title: 'Chart 2026-03-01', bytes: png };
    await q.enqueue('alert:chart', { ...chart, channel: 'C0GENERAL', threadOf: 'alert' });
    // Alt text past the 1,000 characters files.getUploadURLExternal takes: cut, not refused.
    await q.enqueue('security:chart', { ...chart, channel: 'C0SECURITY', altText: 'a chart '.repeat(200) });
    expect(await q.drain()).toEqual({ sent: 5, failed: 0, pending: 0 });

    const parent = await q.result('alert');
    const [root, ...replies] = standIn.history('C0GENERAL');
    expect(root?.ts).toBe(parent?.ts);
    expect(root?.text).toBe('alert resolved');
    expect(replies.map((m) => m.threadTs)).toEqual([parent?.ts, parent?.ts]);
    expect(replies[1]?.files?.[0]?.filename).toBe('chart.png');
    expect((await q.result('alert:chart'))?.fileId).toBe(replies[1]?.files?.[0]?.id);
    // Not a member of C0SECURITY: the upload joins the public channel first.
    const security = await q.result('security:chart');
    expect(standIn.files.get(security?.fileId ?? '')?.bytes).toEqual(png);
    // As Slack documents the argument (alt_txt), and as @slack/web-api's uploadV2 names it (alt_text).
    const [asked] = standIn.calls.filter((c) => c.method === 'files.getUploadURLExternal' && c.args.alt_txt);
    expect(String(asked?.args.alt_txt)).toHaveLength(1000);
    expect(asked?.args.alt_text).toBe(asked?.args.alt_txt);
    expect(await q.result('missing')).toBeNull();
  });

  for (const handled of [true, false]) {
    it(`after a crash mid-call, sends once (Slack ${handled ? 'got' : 'never got'} the first post)`, async () => {
      const db = await open();
      const first = queue(db, { workerId: 'killed', leaseMs: 60_000 });
      standIn.hangNext('chat.postMessage', { handled });
      await first.enqueue('digest:C0GENERAL:2026-03-01', message('C0GENERAL', 'digest'));
      // The first worker is "killed" while Slack has the request: never closed, never answered.
      first.drain().catch(() => {});
      await standIn.waitFor((s) => s.calls.some((c) => c.method === 'chat.postMessage' && c.status === 0));
      expect(await first.stats()).toEqual({ pending: 1, sent: 0, failed: 0 });

      const second = queue(db, { workerId: 'restarted', leaseMs: 60_000 });
      expect(await second.drain()).toEqual({ sent: 0, failed: 0, pending: 1 }); // lease still held
      clock += 60_001;
      expect(await second.drain()).toEqual({ sent: 1, failed: 0, pending: 0 });
      expect(texts('C0GENERAL')).toEqual(['digest']);
      expect(posts()).toHaveLength(handled ? 1 : 2);
      const history = standIn.calls.find((c) => c.method === 'conversations.history');
      expect(history?.args.include_all_metadata).toBe('true');
      expect((await second.result('digest:C0GENERAL:2026-03-01'))?.ts).toBe(
        standIn.history('C0GENERAL')[0]?.ts,
      );
    });
  }

  for (const engine of ENGINES) {
    it(`two replicas on one ${engine} database post each item exactly once, in channel order`, async () => {
      const db = await open(engine);
      const other = (await database?.openAgain()) ?? db;
      try {
        const a = queue(db, { workerId: 'a', leaseMs: 600_000 });
        const b = queue(other, { workerId: 'b', leaseMs: 600_000 });
        const channels = ['C0GENERAL', 'C0INSIGHTS', 'D0DM'];
        for (let n = 0; n < 8; n += 1) {
          for (const c of channels) await (n % 2 ? a : b).enqueue(`${c}:${n}`, message(c, `${c}:${n}`));
        }
        const [ra, rb] = await Promise.all([a.drain(), b.drain()]);
        expect(ra.sent + rb.sent).toBe(24);
        for (const c of channels) expect(texts(c)).toEqual(Array.from({ length: 8 }, (_, n) => `${c}:${n}`));
        expect(posts().filter((p) => p.status === 200)).toHaveLength(24);
        expect(await a.stats()).toEqual({ pending: 0, sent: 24, failed: 0 });
      } finally {
        if (other !== db) await other.close();
      }
    });
  }

  it('runs as a background worker and stops on close', async () => {
    const q = createDeliveryQueue({
      db: await open(),
      transport: transport(5000),
      logger,
      perChannelIntervalMs: 5,
    });
    q.start();
    await q.enqueue('w1', message('C0GENERAL', 'w1'));
    await q.enqueue('w2', message('C0GENERAL', 'w2'));
    await standIn.waitFor((s) => s.history('C0GENERAL').length === 2);
    await q.close();
    expect(texts('C0GENERAL')).toEqual(['w1', 'w2']);
    expect(await q.stats()).toEqual({ pending: 0, sent: 2, failed: 0 });
  });
});
