/**
 * The seat report (`/insights subscribe seats [weekly|monthly]`): when it is due — every Monday or every
 * 1st, at the channel's local time — and what it says: utilization and its change since the last report
 * (in percentage points), idle seats and their cost, and the longest idle members where the channel may
 * see names. Sending it once per period is the delivery queue's unique key.
 */
import { addDays, type Day } from './period.js';
import { localDateTime, nextDueInstant } from './schedule-time.js';
import type { IdleMember } from './seat-records.js';
import type { SeatSummary } from './seat-summary.js';
import type { SeatReportSchedule } from './subscriptions.js';

export interface DuePeriod {
  /** The local day the period starts (a Monday, or the 1st): the report's day and idempotency key. */
  day: Day;
  /** When its report became due. */
  dueAt: Date;
}

/** `2026-11-23` is a Monday → 0; Sunday → 6. */
function daysSinceMonday(day: Day): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** The local day the current period started, in the schedule's zone. */
export function periodStart(now: Date, schedule: SeatReportSchedule): Day {
  const { day } = localDateTime(now, schedule.timeZone);
  return schedule.cadence === 'weekly' ? addDays(day, -daysSinceMonday(day)) : `${day.slice(0, 8)}01`;
}

/** The start of the period before the one starting on `day`. */
export function previousPeriodStart(day: Day, cadence: SeatReportSchedule['cadence']): Day {
  if (cadence === 'weekly') return addDays(day, -7);
  return `${addDays(`${day.slice(0, 8)}01`, -1).slice(0, 8)}01`;
}

/**
 * The period whose report is due at `now`: the current one, once its local day and time have come (a time
 * a daylight-saving jump skips is due when the clock passes it). Null before that, and for a period that
 * began before the subscription did (a new subscription waits for the next Monday or 1st).
 */
export function duePeriod(now: Date, schedule: SeatReportSchedule, subscribedAt: Date): DuePeriod | null {
  const day = periodStart(now, schedule);
  const dueAt = nextDueInstant(schedule, addDays(day, -1));
  if (now.getTime() < dueAt.getTime() || dueAt.getTime() < subscribedAt.getTime()) return null;
  return { day, dueAt };
}

/** What the last report's day showed (its snapshot), to say what changed since. */
export interface SeatReportBaseline {
  day: Day;
  used: number;
  purchased: number | null;
  idle: number;
}

export interface SeatReport {
  org: string;
  cadence: SeatReportSchedule['cadence'];
  /** The period's first local day. */
  day: Day;
  summary: SeatSummary;
  /** Null for the first report (no snapshot that old yet). */
  baseline: SeatReportBaseline | null;
  /** The longest idle members, only for a channel that may see names; null otherwise. */
  idle: IdleMember[] | null;
  demo: boolean;
}

const LONG_DAY = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** `Weekly seat report — acme · Nov 23` */
export function seatReportTitle(r: Pick<SeatReport, 'org' | 'cadence' | 'day'>): string {
  const when = LONG_DAY.format(new Date(`${r.day}T00:00:00Z`));
  return `${r.cadence === 'weekly' ? 'Weekly' : 'Monthly'} seat report — ${r.org} · ${when}`;
}
