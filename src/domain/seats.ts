/**
 * Seats (product.md §5b): who holds a Docker Business seat and whether they use it. A member's last activity
 * is the latest of their last Docker Desktop use (`last_seen_at`) and their last sign-in
 * (`last_logged_in_at`), and it says which one it was. Every member has exactly one status; guests are
 * counted on top (a guest is also active, idle, …). The store computes the same statuses in SQL
 * (src/store/seats-sql.ts); a test holds the two to each other.
 */
import type { SeatSettings } from './seat-settings.js';

export type { SeatSettings } from './seat-settings.js';

export const DAY_MS = 86_400_000;
/** Active: some activity within this many days. Idle bands start here, at 60 and at 90. */
export const ACTIVE_DAYS = 30;
export const IDLE_BANDS = [30, 60, 90] as const;
export type IdleBand = (typeof IDLE_BANDS)[number];
/** Nobody is asked again within this many days of answering "Keep my seat". */
export const KEEP_DAYS = 30;

export type SeatStatus = 'active' | 'idle' | 'never-active' | 'new' | 'exempt' | 'invite';
export type ActivityKind = 'desktop' | 'sign-in';

/** What the classification reads of a member. */
export interface SeatMember {
  username: string;
  /** `User` or `Invitee` (an invitee of the Admin Console export). */
  type: string;
  teams: readonly string[];
  /** ISO instants, or null when unknown. */
  dateJoined: string | null;
  lastSeenAt: string | null;
  lastLoggedInAt: string | null;
  /** Exempted by an admin (`/insights seats exempt`); SEATS_EXEMPT is applied here too. */
  exempted?: boolean;
}

export interface LastActivity {
  at: string;
  kind: ActivityKind;
}

/** The latest of Desktop use and sign-in, and which one it was (Desktop on a tie). */
export function lastActivity(m: Pick<SeatMember, 'lastSeenAt' | 'lastLoggedInAt'>): LastActivity | null {
  const seen = m.lastSeenAt ? Date.parse(m.lastSeenAt) : Number.NaN;
  const login = m.lastLoggedInAt ? Date.parse(m.lastLoggedInAt) : Number.NaN;
  if (Number.isNaN(seen) && Number.isNaN(login)) return null;
  if (Number.isNaN(login) || seen >= login) return { at: m.lastSeenAt as string, kind: 'desktop' };
  return { at: m.lastLoggedInAt as string, kind: 'sign-in' };
}

/** Whole days from `at` to `now` (negative for a future instant). */
export function daysSince(at: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(at)) / DAY_MS);
}

/**
 * SEATS_EXEMPT (lowercased) names the member's username, in any case, or one of their teams as Docker
 * writes team names (lowercase).
 */
export function exemptByConfig(
  m: Pick<SeatMember, 'username' | 'teams'>,
  exempt: readonly string[],
): boolean {
  if (exempt.length === 0) return false;
  if (exempt.includes(m.username.toLowerCase())) return true;
  return m.teams.some((t) => exempt.includes(t));
}

export interface SeatClass {
  status: SeatStatus;
  /** For idle members: 30, 60 or 90 (and more). */
  band: IdleBand | null;
  activity: LastActivity | null;
  /** Days since the last activity; null when never active. */
  idleDays: number | null;
}

/**
 * One member's status, first match wins: an invitee; exempt; active (some activity within 30 days); new
 * (joined within the grace period, not active); idle 30/60/90+ days; never active.
 */
export function classifySeat(
  m: SeatMember,
  settings: Pick<SeatSettings, 'graceDays' | 'exempt'>,
  now: Date,
): SeatClass {
  const activity = lastActivity(m);
  const joined = m.dateJoined ? Date.parse(m.dateJoined) : Number.NaN;
  const t = classifyTimes(
    m,
    activity ? Date.parse(activity.at) : null,
    Number.isNaN(joined) ? null : joined,
    settings,
    now.getTime(),
  );
  return { status: t.status, band: t.band, activity, idleDays: t.idleDays };
}

/**
 * `classifySeat` on epoch milliseconds (the last activity and the join date), for callers that hold numbers
 * (the export classifies every member it reads: parsing dates back and forth cost it a third of its time).
 */
export function classifyTimes(
  m: Pick<SeatMember, 'type' | 'username' | 'teams' | 'exempted'>,
  activityMs: number | null,
  joinedMs: number | null,
  settings: Pick<SeatSettings, 'graceDays' | 'exempt'>,
  nowMs: number,
): { status: SeatStatus; band: IdleBand | null; idleDays: number | null } {
  const idleDays = activityMs === null ? null : Math.floor((nowMs - activityMs) / DAY_MS);
  const of = (status: SeatStatus, band: IdleBand | null = null) => ({ status, band, idleDays });
  if (m.type === 'Invitee') return of('invite');
  if (m.exempted || exemptByConfig(m, settings.exempt)) return of('exempt');
  if (idleDays !== null && idleDays < ACTIVE_DAYS) return of('active');
  if (joinedMs !== null && Math.floor((nowMs - joinedMs) / DAY_MS) < settings.graceDays) return of('new');
  if (idleDays === null) return of('never-active');
  return of('idle', idleDays >= 90 ? 90 : idleDays >= 60 ? 60 : 30);
}

/** The seat counts of an organization at one moment. */
export interface SeatCounts {
  /** Members (not invitees) and pending invites; used = their sum. */
  members: number;
  invites: number;
  active: number;
  idle30: number;
  idle60: number;
  idle90: number;
  neverActive: number;
  newMembers: number;
  exempt: number;
  /** Guests, whatever their status. */
  guests: number;
}

export const EMPTY_COUNTS: SeatCounts = {
  members: 0,
  invites: 0,
  active: 0,
  idle30: 0,
  idle60: 0,
  idle90: 0,
  neverActive: 0,
  newMembers: 0,
  exempt: 0,
  guests: 0,
};

/** Counts of members classified in memory (the store counts in SQL; tests compare the two). */
export function countSeats(
  members: Iterable<SeatMember & { isGuest?: boolean }>,
  settings: Pick<SeatSettings, 'graceDays' | 'exempt'>,
  now: Date,
  extraInvites = 0,
): SeatCounts {
  const c = { ...EMPTY_COUNTS, invites: extraInvites };
  for (const m of members) {
    const { status, band } = classifySeat(m, settings, now);
    if (status === 'invite') {
      c.invites++;
      continue;
    }
    c.members++;
    if (m.isGuest) c.guests++;
    if (status === 'active') c.active++;
    else if (status === 'exempt') c.exempt++;
    else if (status === 'new') c.newMembers++;
    else if (status === 'never-active') c.neverActive++;
    else if (band === 30) c.idle30++;
    else if (band === 60) c.idle60++;
    else c.idle90++;
  }
  return c;
}

export const usedSeats = (c: Pick<SeatCounts, 'members' | 'invites'>) => c.members + c.invites;
/** Idle 30 days or more, or never active: the seats reclaiming is about. */
export const idleSeats = (c: SeatCounts) => c.idle30 + c.idle60 + c.idle90 + c.neverActive;

/** Used seats as a share of the purchased ones (0..1+); null without DOCKER_SEATS. */
export function utilization(c: SeatCounts, purchased: number | null): number | null {
  return purchased ? usedSeats(c) / purchased : null;
}

/** What the seat alerts judge: "nearly full" at alertPercent of purchased, "over" past purchased. */
export function seatPressure(
  c: SeatCounts,
  settings: Pick<SeatSettings, 'purchased' | 'alertPercent'>,
): 'over' | 'nearly-full' | 'ok' | 'unknown' {
  if (!settings.purchased) return 'unknown';
  const used = usedSeats(c);
  if (used > settings.purchased) return 'over';
  return used * 100 >= settings.alertPercent * settings.purchased ? 'nearly-full' : 'ok';
}
