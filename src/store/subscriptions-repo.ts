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
    /** Creates or changes a channel's subscription (a paused one resumes). */
    async subscribe(sub: NewSubscription, at: Date): Promise<void> {
      await db.query(
        `INSERT INTO subscriptions (channel, kind, options, created_by, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (channel, kind) DO UPDATE SET options = EXCLUDED.options, created_by = EXCLUDED.created_by,
           paused_reason = NULL, paused_at = NULL`,
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

    /**
     * Pauses every active subscription of a channel Slack refuses (`reason`: its error code); returns
     * the kinds paused. Audited as the bot's own action.
     */
    async pauseChannel(channel: string, reason: string, at: Date): Promise<SubscriptionKind[]> {
      const rows = await db.query<{ kind: SubscriptionKind }>(
        `UPDATE subscriptions SET paused_reason = $2, paused_at = $3
          WHERE channel = $1 AND paused_reason IS NULL RETURNING kind`,
        [channel, reason, at],
      );
      for (const r of rows) await audit('insights-bot', `pause.${r.kind}`, channel, { reason }, at);
      return rows.map((r) => r.kind);
    },

    /** The active subscriptions (of one kind); `withPaused` adds the paused ones, for listings. */
    async list<K extends SubscriptionKind = SubscriptionKind>(
      kind?: K,
      options: { withPaused?: boolean } = {},
    ): Promise<SubscriptionOf<K>[]> {
      const rows = await db.query<{
        channel: string;
        kind: SubscriptionKind;
        options: never;
        created_by: string;
        created_at: Date;
        paused_reason: string | null;
        paused_at: Date | null;
      }>(
        `SELECT channel, kind, options, created_by, created_at, paused_reason, paused_at FROM subscriptions
         WHERE ($1::text IS NULL OR kind = $1) AND ($2 OR paused_reason IS NULL) ORDER BY channel, kind`,
        [kind ?? null, options.withPaused ?? false],
      );
      return rows.map(
        (r) =>
          ({
            channel: r.channel,
            kind: r.kind,
            options: r.options,
            createdBy: r.created_by,
            createdAt: r.created_at,
            ...(r.paused_reason
              ? { paused: { reason: r.paused_reason, at: r.paused_at ?? r.created_at } }
              : {}),
          }) as unknown as SubscriptionOf<K>,
      );
    },

    auditTrail: (limit = 50) => log.trail(limit),
  };
}

export type SubscriptionsRepo = ReturnType<typeof createSubscriptionsRepo>;
