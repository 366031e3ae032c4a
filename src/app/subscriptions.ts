import type { NewSubscription, SubscriptionKind, SubscriptionOf } from '../domain/subscriptions.js';
import type { Db } from '../store/db.js';
import { createSubscriptionsRepo } from '../store/subscriptions-repo.js';

/** What each channel receives; every change is in the audit log (written in the same transaction). */
export interface Subscriptions {
  subscribe(sub: NewSubscription, at: Date): Promise<void>;
  /** False when the channel had no such subscription. */
  unsubscribe(channel: string, kind: SubscriptionKind, actor: string, at: Date): Promise<boolean>;
  list<K extends SubscriptionKind = SubscriptionKind>(kind?: K): Promise<SubscriptionOf<K>[]>;
}

export function createSubscriptions(db: Db): Subscriptions {
  return {
    subscribe: (sub, at) => db.transaction((tx) => createSubscriptionsRepo(tx).subscribe(sub, at)),
    unsubscribe: (channel, kind, actor, at) =>
      db.transaction((tx) => createSubscriptionsRepo(tx).unsubscribe(channel, kind, actor, at)),
    list: (kind) => createSubscriptionsRepo(db).list(kind),
  };
}
