import type { Severity } from '../domain/alerts.js';
import { createAuditLog } from './audit-repo.js';
import type { Queryable } from './db.js';

export interface DigestOptions {
  /** Local time of day, `HH:MM`. */
  at: string;
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timeZone: string;
}

/** Options of an alert subscription (drift, Scout, activity, Hub pushes). */
export interface AlertSubscriptionOptions {
  /** The least severe alert the channel gets. */
  minSeverity: Severity;
  /** Post a note in the alert message's thread when it resolves. */
  threadUpdates: boolean;
  /** Hub only: the repositories (`namespace/repo` or `namespace/*`) whose pushes the channel gets. */
  repositories?: string[];
}

/** Alert rules are named `<kind>.<rule>`: a subscription of a kind gets that family's alerts. */
export const ALERT_SUBSCRIPTION_KINDS = ['drift', 'scout', 'activity', 'hub'] as const;
export type AlertSubscriptionKind = (typeof ALERT_SUBSCRIPTION_KINDS)[number];

export type Subscription = { channel: string; createdBy: string; createdAt: Date } & (
  | { kind: 'digest'; options: DigestOptions }
  | { kind: AlertSubscriptionKind; options: AlertSubscriptionOptions }
);

export type SubscriptionKind = Subscription['kind'];

type Of<K extends SubscriptionKind> = K extends 'digest'
  ? Extract<Subscription, { kind: 'digest' }>
  : Extract<Subscription, { kind: AlertSubscriptionKind }>;

/** A subscription to create: any kind, without its creation time. */
export type NewSubscription = Subscription extends infer S
  ? S extends Subscription
    ? Omit<S, 'createdAt'>
    : never
  : never;

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

    async list<K extends SubscriptionKind = SubscriptionKind>(kind?: K): Promise<Of<K>[]> {
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
          }) as unknown as Of<K>,
      );
    },

    auditTrail: (limit = 50) => log.trail(limit),
  };
}

export type SubscriptionsRepo = ReturnType<typeof createSubscriptionsRepo>;
