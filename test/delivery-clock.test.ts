import { WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDeliveryQueue, type DeliveryQueue } from '../src/app/delivery-queue.js';
import { deliveryHealth } from '../src/domain/delivery.js';
import { createLogger } from '../src/logger.js';
import { type SlackStandIn, startSlackStandIn } from '../src/sandbox/slack-stand-in.js';
import { silent } from '../src/sandbox/slack-stand-in.test-support.js';
import { createSlackTransport, DELIVERY_CLIENT_OPTIONS } from '../src/slack/delivery-transport.js';
import type { Db } from '../src/store/db.js';
import { ENGINES, type FreshDatabase, freshDatabase } from './support/databases.js';

// The delivery queue's stored times against the clock: a store written by a clock that ran ahead (the
// sandbox's "advance a data day" before the queue kept to the wall clock), and the backlog it reports.
const T0 = Date.parse('2026-11-21T08:00:00Z');
const DAY = 86_400_000;

let standIn: SlackStandIn;
let clock = T0;
let logs: string[] = [];
let database: FreshDatabase | undefined;
const logger = createLogger({ level: 'warn', destination: { write: (line: string) => logs.push(line) } });

function queue(db: Db): DeliveryQueue {
  const options = { ...DELIVERY_CLIENT_OPTIONS, timeout: 0, slackApiUrl: standIn.apiUrl, logger: silent };
  return createDeliveryQueue({
    db,
    transport: createSlackTransport(new WebClient('xoxb-clock', options), logger),
    logger,
    now: () => new Date(clock),
    sleep: async (ms) => {
      clock += ms;
    },
  });
}

const message = (channel: string, text: string) => ({ kind: 'message' as const, channel, text });

beforeAll(async () => {
  standIn = await startSlackStandIn({ now: () => clock });
});
afterAll(() => standIn.close());
beforeEach(() => {
  standIn.reset();
  clock = T0;
  logs = [];
});
afterEach(async () => {
  await database?.drop();
  database = undefined;
});

describe.each(ENGINES)('delivery queue times (%s)', (engine) => {
  it('brings back pacing, retry and lease times stored a day ahead, so the posts go out at once', async () => {
    database = await freshDatabase(engine);
    const { db } = database;
    // An earlier process whose clock was a day ahead: it posted to C0GENERAL (its pacing slot is then a
    // day ahead), left a retry for C0INSIGHTS and a lease on C0SECURITY's post, both a day ahead.
    clock = T0 + DAY;
    const ahead = queue(db);
    await ahead.enqueue('a', message('C0GENERAL', 'yesterday'));
    await ahead.drain();
    await ahead.enqueue('b', message('C0INSIGHTS', 'retried'));
    await ahead.enqueue('c', message('C0SECURITY', 'leased'));
    const later = new Date(T0 + DAY + 60_000);
    await db.query(
      `UPDATE delivery_queue SET attempts = 1, not_before = $1, last_error = 'http_503' WHERE key = 'b'`,
      [later],
    );
    await db.query(
      `UPDATE delivery_queue SET state = 'sending', attempts = 1, attempt_at = $1, sent_since = $1,
              lease_owner = 'gone', lease_until = $2 WHERE key = 'c'`,
      [new Date(T0 + DAY), later],
    );

    // The restarted process, on the right time.
    clock = T0;
    const q = queue(db);
    await q.enqueue('d', message('C0GENERAL', 'today'));
    expect(await q.drain()).toEqual({ sent: 3, failed: 0, pending: 0 });
    expect(clock - T0).toBeLessThan(5000);
    expect(standIn.history('C0GENERAL').map((m) => m.text)).toEqual(['yesterday', 'today']);
    expect(standIn.history('C0INSIGHTS').map((m) => m.text)).toEqual(['retried']);
    expect(standIn.history('C0SECURITY').map((m) => m.text)).toEqual(['leased']);
    expect(logs.join('\n')).toContain('delivery times stored ahead of the clock were brought back to now');
  });

  it('keeps a retry or a pacing slot that lies within their usual reach', async () => {
    database = await freshDatabase(engine);
    const { db } = database;
    const q = queue(db);
    await q.enqueue('a', message('C0GENERAL', 'first'));
    await db.query(`UPDATE delivery_queue SET attempts = 1, not_before = $1 WHERE key = 'a'`, [
      new Date(T0 + 120_000),
    ]);
    await db.query('INSERT INTO delivery_channels (channel, next_at) VALUES ($1, $2)', [
      'C0INSIGHTS',
      new Date(T0 + 800),
    ]);
    await q.enqueue('b', message('C0INSIGHTS', 'paced'));
    await q.drain();
    // The retry waited its two minutes; the pacing slot its 800 ms.
    expect(clock - T0).toBe(120_000);
    expect(standIn.calls.find((c) => c.args.channel === 'C0INSIGHTS')?.at).toBe(T0 + 800);
    expect(logs.join('\n')).not.toContain('brought back');
  });

  it('reports the backlog: open posts, how long the oldest due one has waited, and its last error', async () => {
    database = await freshDatabase(engine);
    const { db } = database;
    const q = queue(db);
    expect(deliveryHealth(await q.backlog(), new Date(clock), 600_000)).toEqual({
      backlog: 0,
      oldestPendingSeconds: null,
      stalled: false,
      lastError: null,
    });
    await q.enqueue('a', message('C0GENERAL', 'due'));
    clock += 60_000;
    await q.enqueue('b', message('C0INSIGHTS', 'due later'));
    await q.enqueue('c', message('C0SECURITY', 'tomorrow'), { notBefore: new Date(clock + DAY) });
    await db.query(`UPDATE delivery_queue SET attempts = 3, last_error = 'http_503' WHERE key = 'a'`);
    clock += 9 * 60_000;
    expect(deliveryHealth(await q.backlog(), new Date(clock), 600_000)).toEqual({
      backlog: 3,
      oldestPendingSeconds: 600,
      stalled: false,
      lastError: 'http_503',
    });
    clock += 1000;
    expect(deliveryHealth(await q.backlog(), new Date(clock), 600_000)).toMatchObject({ stalled: true });
  });
});
