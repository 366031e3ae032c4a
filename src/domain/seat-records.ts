/**
 * What the seat lists hold: an idle member (`/insights seats` for admins, the seat report), a row of the
 * seat export, and a member's reclaim state (asked by DM, kept, released, …).
 */
import { DAY_MS, type LastActivity, type SeatStatus } from './seats.js';

/** A member holding a seat without using it: idle 30 days or more, or never active. */
export interface IdleMember {
  username: string;
  name: string;
  teams: string[];
  role: string;
  status: 'idle' | 'never-active';
  activity: LastActivity | null;
  /** Days since the last activity; null when never active. */
  idleDays: number | null;
  dateJoined: string | null;
}

/** One ask of a member (table `seat_asks`), as the reclaim state needs it. */
export interface AskState {
  state: 'asked' | 'kept' | 'released' | 'removed' | 'skipped' | 'not_found';
  askedAt: Date;
  remindedAt: Date | null;
}

/** How reclaiming stands for a member: '' when never asked. */
export type ReclaimState =
  | ''
  | 'asked'
  | 'reminded'
  | 'unanswered'
  | 'kept'
  | 'released'
  | 'removed'
  | 'not in Slack'
  | 'skipped';

/**
 * `unanswered`: asked, no answer, and SEATS_ANSWER_DAYS have passed (the review may remove them);
 * `asked`/`reminded` before that.
 */
export function reclaimState(ask: AskState | null, now: Date, answerDays: number): ReclaimState {
  if (!ask) return '';
  switch (ask.state) {
    case 'asked':
      if (now.getTime() - ask.askedAt.getTime() >= answerDays * DAY_MS) return 'unanswered';
      return ask.remindedAt ? 'reminded' : 'asked';
    case 'not_found':
      return 'not in Slack';
    default:
      return ask.state;
  }
}

/** One row of `/insights export seats`: a member or a pending invite. Dates are ISO instants or days. */
export interface SeatRecord {
  username: string;
  name: string;
  email: string;
  /** `Owner`, `Editor`, `Member`, or `Invitee` for an invite. */
  role: string;
  teams: string[];
  dateJoined: string | null;
  lastLoggedInAt: string | null;
  lastSeenAt: string | null;
  lastDesktopVersion: string | null;
  activity: LastActivity | null;
  idleDays: number | null;
  status: SeatStatus;
  reclaim: ReclaimState;
}

/** `Owner` for `owner` / `Owner`: the Hub API writes roles capitalised, the CSV imports lowercase. */
export function roleLabel(role: string): string {
  const r = role.trim();
  return r.length > 0 ? `${r[0]?.toUpperCase()}${r.slice(1).toLowerCase()}` : r;
}

export const isOwner = (role: string) => role.trim().toLowerCase() === 'owner';
