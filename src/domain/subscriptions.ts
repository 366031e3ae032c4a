import type { Severity } from './alerts.js';

/** What a channel receives (`/insights subscribe …`). */
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
  /** Seats only: the seat report's cadence and local time (the channel's digest time and zone, if it has one). */
  report?: SeatReportSchedule;
  /** Seats only: the channel is private, so the report names the longest idle members (never emails). */
  names?: boolean;
}

/** A seat report every Monday (`weekly`) or every 1st (`monthly`), at a local time. */
export interface SeatReportSchedule {
  cadence: 'weekly' | 'monthly';
  /** `HH:MM`, 24-hour. */
  at: string;
  /** IANA time zone. */
  timeZone: string;
}

/** Alert rules are named `<kind>.<rule>`: a subscription of a kind gets that family's alerts. */
export const ALERT_SUBSCRIPTION_KINDS = ['drift', 'scout', 'activity', 'hub', 'seats'] as const;
export type AlertSubscriptionKind = (typeof ALERT_SUBSCRIPTION_KINDS)[number];

export type Subscription = { channel: string; createdBy: string; createdAt: Date } & (
  | { kind: 'digest'; options: DigestOptions }
  | { kind: AlertSubscriptionKind; options: AlertSubscriptionOptions }
);

export type SubscriptionKind = Subscription['kind'];

/** The subscription type of one kind. */
export type SubscriptionOf<K extends SubscriptionKind> = K extends 'digest'
  ? Extract<Subscription, { kind: 'digest' }>
  : Extract<Subscription, { kind: AlertSubscriptionKind }>;

/** A subscription to create: any kind, without its creation time. */
export type NewSubscription = Subscription extends infer S
  ? S extends Subscription
    ? Omit<S, 'createdAt'>
    : never
  : never;
