import type { NewSubscription, SubscriptionKind, SubscriptionOf } from '../domain/subscriptions.js';
import type { Db } from '../store/db.js';
import { createSubscriptionsRepo } from '../store/subscriptions-repo.js';

/** What each channel receives; every change is in the audit log (written in the same transaction). */
export interface Subscriptions {
  subscribe(sub: NewSubscription, at: Date): Promise<void>;
  /** False when the channel had no such subscription. */
  unsubscribe(channel: string, kind: SubscriptionKind, actor: string, at: Date): Promise<boolean>;
  list<K extends SubscriptionKind = SubscriptionKind>(kind?: K): Promise<SubscriptionOf<K>[]>;
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
      db.transaction((tx) => createSubscriptionsRepo(tx).unsubscribe(channel, kind, actor, at)),
    list: (kind) => createSubscriptionsRepo(db).list(kind),
    async editRepositories(channel, actor, at, edit) {
      const change = () =>
        db.transaction(async (tx) => {
          const repo = createSubscriptionsRepo(tx);
          const current = (await repo.list('hub')).find((s) => s.channel === channel);
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
