import type { NewSubscription, SubscriptionKind, SubscriptionOf } from '../domain/subscriptions.js';
import type { Db } from '../store/db.js';
import { dismissFailures } from '../store/delivery-health-repo.js';
import { createSubscriptionsRepo } from '../store/subscriptions-repo.js';

/**
 * The delivery keys of each kind's posts (digest.ts, hub-pushes.ts, seat-reports.ts, the alert messages'
 * `alerts:<id>`).
 */
const DELIVERY_KEY_PREFIXES: Record<SubscriptionKind, string[]> = {
  digest: ['digest:'],
  hub: ['hub:'],
  drift: ['alerts:'],
  scout: ['alerts:'],
  activity: ['alerts:'],
  seats: ['seats-report:', 'alerts:'],
};

/** What each channel receives; every change is in the audit log (written in the same transaction). */
export interface Subscriptions {
  /** Creates or changes a subscription; a paused one resumes (the caller checked the channel). */
  subscribe(sub: NewSubscription, at: Date): Promise<void>;
  /**
   * False when the channel had no such subscription. Its posts Slack refused stop showing in
   * `/insights status`: they were for a subscription that no longer exists.
   */
  unsubscribe(channel: string, kind: SubscriptionKind, actor: string, at: Date): Promise<boolean>;
  /** The active subscriptions (what gets sent); `withPaused` adds the paused ones, for listings. */
  list<K extends SubscriptionKind = SubscriptionKind>(
    kind?: K,
    options?: { withPaused?: boolean },
  ): Promise<SubscriptionOf<K>[]>;
  /**
   * Pauses a channel's subscriptions after Slack refused a post for good because the channel is gone,
   * archived, or closed to the bot (`reason`: Slack's error); returns the kinds paused.
   */
  pauseChannel(channel: string, reason: string, at: Date): Promise<SubscriptionKind[]>;
  /**
   * Changes the Docker Hub repositories a channel follows: `edit` gets the current list (empty without a
   * subscription) and returns the new one; an empty one ends the subscription. Read and write happen
   * under one lock, so two commands at once (or on two replicas) both take effect.
   */
  editRepositories(
    channel: string,
    actor: string,
    at: Date,
    edit: (current: string[]) => string[],
  ): Promise<{ before: string[]; after: string[] }>;
}

export function createSubscriptions(db: Db): Subscriptions {
  return {
    subscribe: (sub, at) => db.transaction((tx) => createSubscriptionsRepo(tx).subscribe(sub, at)),
    unsubscribe: (channel, kind, actor, at) =>
      db.transaction(async (tx) => {
        const removed = await createSubscriptionsRepo(tx).unsubscribe(channel, kind, actor, at);
        if (removed) {
          for (const prefix of DELIVERY_KEY_PREFIXES[kind]) await dismissFailures(tx, channel, prefix, at);
        }
        return removed;
      }),
    list: (kind, options) => createSubscriptionsRepo(db).list(kind, options),
    pauseChannel: (channel, reason, at) =>
      db.transaction((tx) => createSubscriptionsRepo(tx).pauseChannel(channel, reason, at)),
    async editRepositories(channel, actor, at, edit) {
      const change = () =>
        db.transaction(async (tx) => {
          const repo = createSubscriptionsRepo(tx);
          const current = (await repo.list('hub', { withPaused: true })).find((s) => s.channel === channel);
          const before = current?.options.repositories ?? [];
          const after = [...new Set(edit(before))];
          if (after.length === 0) {
            if (current) await repo.unsubscribe(channel, 'hub', actor, at);
          } else if (after.join('\n') !== before.join('\n')) {
            const options = current?.options ?? { minSeverity: 'low' as const, threadUpdates: true };
            await repo.subscribe(
              { channel, kind: 'hub', options: { ...options, repositories: after }, createdBy: actor },
              at,
            );
          }
          return { before, after };
        });
      return (await db.withLock('subscriptions:hub', change, { wait: true })) as {
        before: string[];
        after: string[];
      };
    },
  };
}
