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

/** Why nothing is sent to a subscription's channel any more: Slack's error for it, and since when. */
export interface SubscriptionPause {
  /** `channel_not_found`, `is_archived` or `not_in_channel`. */
  reason: string;
  at: Date;
}

export type Subscription = {
  channel: string;
  createdBy: string;
  createdAt: Date;
  paused?: SubscriptionPause;
} & (
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

/** Why a subscription is paused, in words (`/insights subscriptions`, `/insights status`). */
export function pausedBecause(p: SubscriptionPause): string {
  const since = `since ${p.at.toISOString().slice(0, 10)}`;
  switch (p.reason) {
    case 'channel_not_found':
      return `Slack no longer has this channel, or it is private and I was removed (${since})`;
    case 'is_archived':
      return `the channel is archived (${since})`;
    case 'not_in_channel':
      return `I am no longer a member of this private channel (${since})`;
    default:
      return `Slack refuses posts to it: ${p.reason} (${since})`;
  }
}
