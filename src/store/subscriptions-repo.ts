import type { Queryable } from './db.js';

export interface DigestOptions {
  /** Local time of day, `HH:MM`. */
  at: string;
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timeZone: string;
}

export interface Subscription {
  channel: string;
  kind: 'digest';
  options: DigestOptions;
  createdBy: string;
  createdAt: Date;
}

/** Channel subscriptions; every change is written to the audit log in the same transaction. */
export function createSubscriptionsRepo(db: Queryable) {
  const audit = (actor: string, action: string, target: string, detail: unknown, at: Date) =>
    db.query('INSERT INTO audit_log (at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)', [
      at,
      actor,
      action,
      target,
      JSON.stringify(detail),
    ]);
  return {
    /** Creates or changes a channel's subscription. */
    async subscribe(sub: Omit<Subscription, 'createdAt'>, at: Date): Promise<void> {
      await db.query(
        `INSERT INTO subscriptions (channel, kind, options, created_by, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (channel, kind) DO UPDATE SET options = EXCLUDED.options, created_by = EXCLUDED.created_by`,
        [sub.channel, sub.kind, JSON.stringify(sub.options), sub.createdBy, at],
      );
      await audit(sub.createdBy, `subscribe.${sub.kind}`, sub.channel, sub.options, at);
    },

    /** Returns false when the channel had no such subscription. */
    async unsubscribe(
      channel: string,
      kind: Subscription['kind'],
      actor: string,
      at: Date,
    ): Promise<boolean> {
      const rows = await db.query('DELETE FROM subscriptions WHERE channel = $1 AND kind = $2 RETURNING id', [
        channel,
        kind,
      ]);
      if (rows.length > 0) await audit(actor, `unsubscribe.${kind}`, channel, {}, at);
      return rows.length > 0;
    },

    async list(kind?: Subscription['kind']): Promise<Subscription[]> {
      const rows = await db.query<{
        channel: string;
        kind: 'digest';
        options: DigestOptions;
        created_by: string;
        created_at: Date;
      }>(
        `SELECT channel, kind, options, created_by, created_at FROM subscriptions
         WHERE $1::text IS NULL OR kind = $1 ORDER BY channel, kind`,
        [kind ?? null],
      );
      return rows.map((r) => ({
        channel: r.channel,
        kind: r.kind,
        options: r.options,
        createdBy: r.created_by,
        createdAt: r.created_at,
      }));
    },

    async auditTrail(
      limit = 50,
    ): Promise<Array<{ at: Date; actor: string; action: string; target: string }>> {
      return db.query('SELECT at, actor, action, target FROM audit_log ORDER BY id DESC LIMIT $1', [limit]);
    },
  };
}

export type SubscriptionsRepo = ReturnType<typeof createSubscriptionsRepo>;
