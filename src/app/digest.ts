import {
  buildDigest,
  DEFAULT_DIGEST_PERIOD,
  type Digest,
  digestFileTitle,
  digestRange,
} from '../domain/digest.js';
import type { InsightsSource } from '../domain/insights.js';
import { isDue } from '../domain/schedule-time.js';
import type { Logger } from '../logger.js';
import { digestMessage } from '../render/digest-blocks.js';
import type { Subscription, SubscriptionsRepo } from '../store/subscriptions-repo.js';
import type { DeliveryQueue } from './delivery-queue.js';

export interface DigestDeps {
  source: InsightsSource;
  subscriptions: Pick<SubscriptionsRepo, 'list'>;
  queue: Pick<DeliveryQueue, 'enqueue' | 'queued'>;
  renderDigest: (digest: Digest) => Promise<Buffer>;
  /** How many alerts are open now (shown in the digest). */
  openAlerts: () => Promise<number>;
  logger: Logger;
}

export interface DigestRun {
  dataDay: string | null;
  /** Channels whose digest for the data day was queued by this run. */
  queued: string[];
  /** The digest that is (or would be) sent, when some subscription was due. */
  digest?: Digest;
}

/** The idempotency key: one digest per channel and data day, whatever runs it, however often. */
export const digestKey = (channel: string, dataDay: string) => `digest:${channel}:${dataDay}`;

/**
 * Queues one digest per subscribed channel for the newest data day, once its local time has come
 * (src/domain/schedule-time.ts). Running it again, or on another replica, queues nothing twice: the
 * queue's unique key decides. `dryRun` builds the digest without queueing anything; `force` ignores the
 * subscriptions' local times (the sandbox's "run digest now"), never the once-per-day rule.
 */
async function runDigest(
  deps: DigestDeps,
  now: Date,
  options: { dryRun?: boolean; force?: boolean } = {},
): Promise<DigestRun> {
  const dataDay = await deps.source.dataAsOf(now);
  if (!dataDay) return { dataDay, queued: [] };
  const due = (await deps.subscriptions.list('digest')).filter(
    (s) => options.force || isDue(now, s.options, dataDay),
  );
  const waiting = options.dryRun ? due : await notYetQueued(deps, due, dataDay);
  if (waiting.length === 0) return { dataDay, queued: [] };

  const data = await deps.source.load(digestRange(DEFAULT_DIGEST_PERIOD, dataDay), now);
  const digest = buildDigest(data, {
    period: DEFAULT_DIGEST_PERIOD,
    openAlerts: await deps.openAlerts(),
    demo: deps.source.kind === 'demo',
  });
  if (options.dryRun) return { dataDay, queued: [], digest };

  const message = digestMessage(digest);
  const png = await deps.renderDigest(digest);
  const queued: string[] = [];
  for (const sub of waiting) {
    const fresh = await deps.queue.enqueue(digestKey(sub.channel, dataDay), {
      kind: 'upload',
      channel: sub.channel,
      filename: `${digest.org}-digest-${dataDay}.png`,
      // The file name carries the data day: after a crash the queue recognises an upload by name and title.
      title: digestFileTitle(digest),
      altText: digest.summary.slice(0, 1000),
      bytes: png,
      blocks: message.blocks,
    });
    if (fresh) queued.push(sub.channel);
  }
  deps.logger.info({ dataDay, queued: queued.length }, 'digests queued');
  return { dataDay, queued, digest };
}

async function notYetQueued(
  deps: DigestDeps,
  subs: Subscription[],
  dataDay: string,
): Promise<Subscription[]> {
  const done = await deps.queue.queued(subs.map((s) => digestKey(s.channel, dataDay)));
  return subs.filter((s) => !done.has(digestKey(s.channel, dataDay)));
}

/** The daily digest (src/domain/digest.ts), queued for every digest subscription that is due. */
export interface Digests {
  run(now: Date, options?: { dryRun?: boolean; force?: boolean }): Promise<DigestRun>;
}

export const createDigests = (deps: DigestDeps): Digests => ({
  run: (now, options) => runDigest(deps, now, options),
});
