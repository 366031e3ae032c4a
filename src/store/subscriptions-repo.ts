import type { NewSubscription, SubscriptionKind, SubscriptionOf } from '../domain/subscriptions.js';
import { createAuditLog } from './audit-repo.js';
import type { Queryable } from './db.js';

export * from '../domain/subscriptions.js';

/** Channel subscriptions; every change is written to the audit log in the same transaction. */
export function createSubscriptionsRepo(db: Queryable) {
  const log = createAuditLog(db);
  const audit = (actor: string, action: string, target: string, detail: unknown, at: Date) =>
    log.record({ at, actor, action, target, detail });
  return {
    /** Creates or changes a channel's subscription. */
    async subscribe(sub: NewSubscription, at: Date): Promise<void> {
      await db.query(
        `INSERT INTO subscriptions (channel, kind, options, created_by, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (channel, kind) DO UPDATE SET options = EXCLUDED.options, created_by = EXCLUDED.created_by`,
        [sub.channel, sub.kind, JSON.stringify(sub.options), sub.createdBy, at],
      );
      await audit(sub.createdBy, `subscribe.${sub.kind}`, sub.channel, sub.options, at);
    },

    /** Returns false when the channel had no such subscription. */
    async unsubscribe(channel: string, kind: SubscriptionKind, actor: string, at: Date): Promise<boolean> {
      const rows = await db.query('DELETE FROM subscriptions WHERE channel = $1 AND kind = $2 RETURNING id', [
        channel,
        kind,
      ]);
      if (rows.length > 0) await audit(actor, `unsubscribe.${kind}`, channel, {}, at);
      return rows.length > 0;
    },

    async list<K extends SubscriptionKind = SubscriptionKind>(kind?: K): Promise<SubscriptionOf<K>[]> {
      const rows = await db.query<{
        channel: string;
        kind: SubscriptionKind;
        options: never;
        created_by: string;
        created_at: Date;
      }>(
        `SELECT channel, kind, options, created_by, created_at FROM subscriptions
         WHERE $1::text IS NULL OR kind = $1 ORDER BY channel, kind`,
        [kind ?? null],
      );
      return rows.map(
        (r) =>
          ({
            channel: r.channel,
            kind: r.kind,
            options: r.options,
            createdBy: r.created_by,
            createdAt: r.created_at,
          }) as unknown as SubscriptionOf<K>,
      );
    },

    auditTrail: (limit = 50) => log.trail(limit),
  };
}

export type SubscriptionsRepo = ReturnType<typeof createSubscriptionsRepo>;
