/**
 * The Home tab's view model: what one user sees when they open the bot's App Home — the organization at a
 * glance (the week's headline figures), the open alerts, which channels get what, the sources' state and,
 * the first time, how to start. Pure: the use case (src/app/home.ts) loads the inputs, render/home-blocks.ts
 * draws it. Admins get the controls and the personal data; everyone else a read-only view without emails.
 */
import { type Alert, bySeverity, type Severity } from './alerts.js';
import type { Digest } from './digest.js';
import { hideEmails } from './emails.js';
import type { StatusView } from './status.js';
import type { Subscription, SubscriptionKind } from './subscriptions.js';

export { hideEmails } from './emails.js';

/** Alerts listed one by one (with their buttons for admins); the rest are counted. */
export const HOME_ALERTS_MAX = 10;

/** The order and names of the subscription kinds in "which channels get what". */
export const HOME_CHANNEL_KINDS: ReadonlyArray<{ kind: SubscriptionKind; label: string }> = [
  { kind: 'digest', label: 'Daily digest' },
  { kind: 'drift', label: 'Settings-drift alerts' },
  { kind: 'scout', label: 'Docker Scout alerts' },
  { kind: 'activity', label: 'Activity-log alerts' },
  { kind: 'hub', label: 'Docker Hub pushes' },
  { kind: 'seats', label: 'Seat alerts and reports' },
];

export interface HomeInput {
  user: string;
  isAdmin: boolean;
  /** The user's first visit: the view starts with the onboarding. */
  firstVisit: boolean;
  org: string;
  /** Figures of the built-in demo organization: labelled "Demo data". */
  demo: boolean;
  /** The week to the latest data day with each figure's change against the week before; null without data. */
  headline: Digest | null;
  /** Open alerts, in any order. */
  alerts: Alert[];
  subscriptions: Subscription[];
  status: StatusView;
  /** One sentence about the user's last action (a refused or moot button press), shown at the top. */
  notice?: string;
  /** When the view was built ("Updated …"). */
  at: Date;
  /** Seat use (counts only); how reclaiming stands is added for admins. */
  seats?: HomeSeats | null;
}

/** The Home tab's seats line: used of purchased, idle seats; for admins, how reclaiming stands. */
export interface HomeSeats {
  used: number;
  purchased: number | null;
  idle: number;
  invites: number;
  /** Admins only: the latest ask of each member, by outcome. */
  reclaim?: { waiting: number; released: number; unanswered: number; kept: number; notFound: number };
}

export interface HomeAlert {
  fingerprint: string;
  severity: Severity;
  title: string;
  facts: string;
  since: Date;
  oneShot: boolean;
  ackedBy: string | null;
  link: string;
}

export interface HomeChannels {
  kind: SubscriptionKind;
  label: string;
  channels: Array<{ channel: string; detail: string }>;
}

export interface HomeView {
  user: string;
  isAdmin: boolean;
  firstVisit: boolean;
  org: string;
  demo: boolean;
  dataDay: string | null;
  headline: Digest | null;
  alerts: { shown: HomeAlert[]; hidden: number; total: number };
  channels: HomeChannels[];
  status: StatusView;
  notice?: string;
  at: Date;
  seats: HomeSeats | null;
}

/** One line per subscription: `at 09:00 Europe/Berlin`, `severity high and above`, `acme/api, acme/*`. */
export function subscriptionDetail(s: Subscription): string {
  const paused = s.paused ? ' — paused (see `/insights status`)' : '';
  if (s.kind === 'digest') return `at ${s.options.at} ${s.options.timeZone}${paused}`;
  if (s.kind === 'hub') return `${(s.options.repositories ?? []).join(', ') || 'every repository'}${paused}`;
  if (s.kind === 'seats' && s.options.report) {
    const { cadence, at, timeZone } = s.options.report;
    return `${cadence === 'weekly' ? 'Mondays' : 'the 1st'} at ${at} ${timeZone}${paused}`;
  }
  return `${s.options.minSeverity === 'low' ? 'every severity' : `severity ${s.options.minSeverity} and above`}${paused}`;
}

function homeAlert(a: Alert, isAdmin: boolean): HomeAlert {
  const shown = (text: string) => (isAdmin ? text : hideEmails(text));
  return {
    fingerprint: a.fingerprint,
    severity: a.severity,
    title: shown(a.title),
    facts: shown(a.facts.map(([k, v]) => `${k}: ${v}`).join(' · ')),
    since: a.since ? new Date(a.since) : a.openedAt,
    oneShot: a.oneShot,
    ackedBy: a.ackedBy,
    link: a.link,
  };
}

/** The sources' state as a member sees it: errors and hints may quote an email. */
function withoutEmails(status: StatusView): StatusView {
  return {
    ...status,
    sources: status.sources.map((s) => ({
      ...s,
      detail: hideEmails(s.detail),
      lastError: s.lastError === null ? null : hideEmails(s.lastError),
    })),
    hints: status.hints.map(hideEmails),
  };
}

/** The view for one user, from what the use case loaded. */
export function buildHomeView(input: HomeInput): HomeView {
  const open = input.alerts.filter((a) => a.state === 'open').sort(bySeverity);
  const shown = open.slice(0, HOME_ALERTS_MAX).map((a) => homeAlert(a, input.isAdmin));
  const channels = HOME_CHANNEL_KINDS.map(({ kind, label }) => ({
    kind,
    label,
    channels: input.subscriptions
      .filter((s) => s.kind === kind)
      .map((s) => ({ channel: s.channel, detail: subscriptionDetail(s) })),
  }));
  return {
    user: input.user,
    isAdmin: input.isAdmin,
    firstVisit: input.firstVisit,
    org: input.org,
    demo: input.demo,
    dataDay: input.headline?.dataDay ?? input.status.dataAsOf,
    headline: input.headline,
    alerts: { shown, hidden: open.length - shown.length, total: open.length },
    channels,
    status: input.isAdmin ? input.status : withoutEmails(input.status),
    ...(input.notice ? { notice: input.notice } : {}),
    at: input.at,
    seats: seatsFor(input),
  };
}

/** How reclaiming stands names nobody, but it is the admins' business: members see the counts only. */
function seatsFor(input: HomeInput): HomeSeats | null {
  if (!input.seats) return null;
  if (input.isAdmin) return input.seats;
  const { reclaim: _admins, ...counts } = input.seats;
  return counts;
}

/** Who gets a fresh Home tab when alerts change: users seen this recently (Slack keeps a stale view). */
export const HOME_RECENT_VISIT_MS = 8 * 3_600_000;
