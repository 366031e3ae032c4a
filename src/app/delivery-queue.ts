/**
 * The persisted delivery queue every unsolicited Slack post goes through (digests, alerts): written
 * before it is sent, keyed for idempotency, paced per channel, retried, and safe across crashes and
 * replicas. It reaches Slack through a transport (src/slack/delivery-transport.ts, on a WebClient built with
 * `DELIVERY_CLIENT_OPTIONS`): the queue does its own retries, so a 429 must reject at once instead of
 * pausing the client for every channel.
 *
 * Crash safety: an item is marked `sending` (with its attempt time and a lease) before Slack is called.
 * If the worker dies, the lease expires and another worker takes the item over; since the outcome is
 * unknown, it first looks for the post in the channel (messages carry the key in `metadata`) and
 * records it as sent if found. Uploads cannot carry metadata: they are matched by filename + title, so
 * give each upload a distinctive title. Reading history needs the `*:history` scopes; without them
 * the item is resent (at-least-once) with a warning.
 */
import { randomUUID } from 'node:crypto';
import type { Delivery, DeliveryBacklog, DeliveryTransport } from '../domain/delivery.js';
import { type MetricsRecorder, postKind } from '../domain/metrics.js';
import type { Logger } from '../logger.js';
import type { Db, Queryable } from '../store/db.js';
import { backlog, clampFuture } from '../store/delivery-health-repo.js';
import {
  type ClaimedItem,
  claim,
  existingKeys,
  failures,
  insert,
  markFailed,
  markRetry,
  markSent,
  nextWake,
  result,
  stats,
} from '../store/delivery-repo.js';

export interface DeliveryQueue {
  /** Stores the delivery unless the key exists (returns false then). Pass `tx` to enqueue inside the caller's transaction. */
  enqueue(key: string, delivery: Delivery, options?: { tx?: Queryable; notBefore?: Date }): Promise<boolean>;
  /** Sends everything due now, respecting pacing and retry times; resolves when nothing is due. */
  drain(): Promise<{ sent: number; failed: number; pending: number }>;
  /** Starts a background worker (wakes on enqueue and on a timer); close() stops it and waits for the in-flight send. */
  start(): void;
  close(): Promise<void>;
  /** The Slack `ts` (message) / file id of a sent delivery, for updates and thread replies. */
  result(key: string): Promise<{ ts?: string; fileId?: string; channel: string } | null>;
  /** Permanently failed deliveries, newest first, for /insights status. */
  failures(limit?: number): Promise<Array<{ key: string; channel: string; error: string; at: Date }>>;
  /** Which of these keys were queued already (sent or not). */
  queued(keys: string[]): Promise<Set<string>>;
  /** Counts by state, for status and benchmarks. */
  stats(): Promise<{ pending: number; sent: number; failed: number }>;
  /** The open posts and the oldest due one, for `/insights status` and `/healthz`. */
  backlog(): Promise<DeliveryBacklog>;
}

export interface DeliveryQueueOptions {
  db: Db;
  transport: DeliveryTransport;
  logger: Logger;
  /**
   * The wall clock (never the sandbox's, which "advance a data day" moves ahead): pacing, retry and
   * lease times are stored and compared with it, across restarts and replicas.
   */
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  perChannelIntervalMs?: number;
  /** How long a claimed item stays reserved; keep it well above the client timeout. */
  leaseMs?: number;
  /** Attempts before a transient error (5xx, network) becomes permanent; rate limits do not count. */
  maxAttempts?: number;
  workerId?: string;
  /** The background worker's longest idle wait (other replicas' enqueues are seen then). */
  pollMs?: number;
  /** Sends in flight at once (each to a different channel). */
  concurrency?: number;
  /** `/metrics`: each attempt's outcome by the post's purpose. */
  metrics?: Pick<MetricsRecorder, 'post'>;
  /** Slack refused a post because of the channel itself (gone, archived, closed to the bot). */
  onChannelGone?: (channel: string, error: string, at: Date) => Promise<unknown>;
}

type Outcome = 'sent' | 'failed' | 'retry' | 'lost';
const OUTCOME_METRIC = { sent: 'delivered', failed: 'failed', retry: 'retried' } as const;

const BACKOFF_BASE_MS = 1000;
const BACKOFF_MAX_MS = 5 * 60_000;
/** A stored retry further ahead than this was not set by this queue's clock (see clampFuture). */
const RETRY_HORIZON_MS = 3_600_000;
/** Wait when an item is due but was held by another replica's claim transaction. */
const CONTENDED_MS = 50;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export function createDeliveryQueue(options: DeliveryQueueOptions): DeliveryQueue {
  const { db, transport, logger } = options;
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? realSleep;
  const intervalMs = options.perChannelIntervalMs ?? 1000;
  const leaseMs = options.leaseMs ?? 120_000;
  const maxAttempts = options.maxAttempts ?? 12;
  const owner = options.workerId ?? randomUUID();
  const pollMs = options.pollMs ?? 5000;
  const concurrency = options.concurrency ?? 64;

  /** Sends in flight in this process, by channel (at most one per channel). */
  const inFlight = new Map<string, Promise<void>>();
  let wakeUp = () => {};
  let wakeSignal = new Promise<void>((resolve) => {
    wakeUp = resolve;
  });
  const poke = () => {
    wakeUp();
    wakeSignal = new Promise<void>((resolve) => {
      wakeUp = resolve;
    });
  };
  let worker: Promise<void> | undefined;
  let stopping = false;
  // Once per process, before the first send: times a clock ahead of this one stored would stall a channel.
  let clamped: Promise<void> | undefined;
  const clampOnce = () => {
    clamped ??= clampFuture(db, { now: now(), intervalMs, leaseMs, retryMs: RETRY_HORIZON_MS }).then(
      (n) => {
        if (n > 0)
          logger.warn({ rows: n }, 'delivery times stored ahead of the clock were brought back to now');
      },
      (err: unknown) => {
        clamped = undefined; // tried again next time
        throw err;
      },
    );
    return clamped;
  };

  async function fail(item: ClaimedItem, error: string, channelGone = false): Promise<Outcome> {
    logger.error({ key: item.key, channel: item.channel, error }, 'Slack delivery failed permanently');
    if (!(await markFailed(db, item, owner, now(), error))) return 'lost';
    if (channelGone) await options.onChannelGone?.(item.channel, error, now());
    return 'failed';
  }

  async function send(item: ClaimedItem): Promise<Outcome> {
    let targetTs: string | undefined;
    if (item.dependsOn) {
      // Claimed only once the target is no longer open: it is sent, or it failed.
      const target = await result(db, item.dependsOn);
      if (!target?.ts) return fail(item, `depends on ${item.dependsOn}, which has no Slack message`);
      targetTs = target.ts;
    }
    try {
      const sent = await transport.attempt({
        key: item.key,
        delivery: item.delivery,
        checkSince: item.checkSince,
        ...(targetTs ? { targetTs } : {}),
      });
      if (await markSent(db, item, owner, now(), sent)) return 'sent';
      logger.warn({ key: item.key }, 'delivery lease expired during the send; another worker took it over');
      return 'lost';
    } catch (err) {
      const failure = transport.classify(err);
      if (failure.kind === 'permanent') return fail(item, failure.error, failure.channelGone);
      if (failure.kind === 'transient' && item.attempts >= maxAttempts) {
        return fail(item, `${failure.error} (gave up after ${item.attempts} attempts)`);
      }
      const waitMs =
        failure.kind === 'rate'
          ? failure.retryAfterMs
          : Math.min(BACKOFF_BASE_MS * 2 ** (item.attempts - 1), BACKOFF_MAX_MS);
      // Still unknown whether an earlier attempt (or this one) reached Slack: check again next time.
      const uncertain = (failure.kind === 'transient' && failure.uncertain) || item.checkSince !== null;
      logger.warn(
        { key: item.key, channel: item.channel, error: failure.error, waitMs },
        'Slack delivery will retry',
      );
      const at = new Date(now().getTime() + waitMs);
      return (await markRetry(db, item, owner, { at, uncertain, error: failure.error })) ? 'retry' : 'lost';
    }
  }

  /** Claims due channel heads and starts their sends; returns how many started. */
  async function dispatch(horizon: Date | null, done: (outcome: Outcome) => void): Promise<number> {
    const room = concurrency - inFlight.size;
    if (room <= 0) return 0;
    const items = await claim(db, {
      now: now(),
      horizon,
      busy: [...inFlight.keys()],
      limit: room,
      owner,
      leaseMs,
      intervalMs,
    });
    for (const item of items) {
      const running = send(item)
        .then(
          (outcome) => {
            if (outcome !== 'lost') options.metrics?.post(postKind(item.key), OUTCOME_METRIC[outcome]);
            done(outcome);
          },
          (err: unknown) => logger.error({ err, key: item.key }, 'delivery bookkeeping failed'),
        )
        .finally(() => inFlight.delete(item.channel));
      inFlight.set(item.channel, running);
    }
    return items.length;
  }

  /** One scheduling step; false when there is nothing left to wait for (drain is done). */
  async function step(
    horizon: Date | null,
    done: (o: Outcome) => void,
    idle?: () => Promise<void>[],
  ): Promise<boolean> {
    if ((await dispatch(horizon, done)) > 0) return true;
    const running = [...inFlight.values()];
    const busy = [...inFlight.keys()];
    const wake = await nextWake(db, { now: now(), horizon, busy, leased: horizon === null });
    if (!wake && running.length === 0 && !idle) return false;
    // Timers are made only when waiting, so a busy worker does not pile them up.
    const waits: Promise<void>[] = [...running, ...(idle?.() ?? [])];
    if (wake) waits.push(sleep(Math.max(wake.getTime() - now().getTime(), CONTENDED_MS)));
    await Promise.race(waits);
    return true;
  }

  return {
    async enqueue(key, delivery, opts = {}) {
      const q = opts.tx ?? db;
      const created = await insert(q, key, delivery, now(), opts.notBefore);
      if (created) poke();
      return created;
    },

    async drain() {
      await clampOnce();
      const horizon = now();
      const counts = { sent: 0, failed: 0 };
      const done = (o: Outcome) => {
        if (o === 'sent' || o === 'failed') counts[o] += 1;
      };
      while (await step(horizon, done)) {}
      return { ...counts, pending: (await stats(db)).pending };
    },

    start() {
      if (worker) return;
      stopping = false;
      worker = (async () => {
        await clampOnce().catch((err: unknown) => logger.error({ err }, 'delivery start-up check failed'));
        while (!stopping) {
          try {
            await step(
              null,
              () => {},
              () => [wakeSignal, sleep(pollMs)],
            );
          } catch (err) {
            logger.error({ err }, 'delivery worker step failed');
            await Promise.race([wakeSignal, sleep(pollMs)]);
          }
        }
      })();
    },

    async close() {
      stopping = true;
      poke();
      await worker;
      worker = undefined;
      await Promise.allSettled([...inFlight.values()]);
    },

    result: (key) => result(db, key),
    failures: (limit = 20) => failures(db, limit),
    queued: (keys) => existingKeys(db, keys),
    stats: () => stats(db),
    backlog: () => backlog(db, now()),
  };
}
