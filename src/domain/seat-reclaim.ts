/**
 * Reclaiming idle seats with people in the loop (issue 21, as Zluri, Trelica or Productiv do it): idle
 * members are asked by DM, then an admin reviews who released their seat, who kept it and who never answered,
 * and removes the released and unanswered ones — never an owner, never an exempt member, never someone
 * active again since they were asked. Pure: what the review shows and who the removal may take.
 */
import { DAY_MS } from './seats.js';

/** An ask as the review sees it: the latest ask of a member, with the member as they are now. */
export interface ReviewedAsk {
  id: number;
  username: string;
  state: 'asked' | 'kept' | 'released' | 'removed' | 'skipped' | 'not_found';
  askedAt: Date;
  answeredAt: Date | null;
  /** The last activity when asked (or the join date for a never-active member). */
  idleSince: Date | null;
  /** Still a member of the organization. */
  member: boolean;
  role: string;
  /** The seat status now (`exempt`, `active`, …); null when no longer a member. */
  status: string | null;
  lastActivity: Date | null;
}

export interface SeatReview<A extends ReviewedAsk = ReviewedAsk> {
  released: A[];
  kept: A[];
  /** Asked SEATS_ANSWER_DAYS ago or more, no answer. */
  unanswered: A[];
  /** Asked less than SEATS_ANSWER_DAYS ago, no answer yet. */
  waiting: A[];
  notFound: A[];
  /** Released or unanswered, and nothing stands against removing them. */
  removable: A[];
  /** Released or unanswered, but kept: why. */
  skipped: Array<{ ask: A; reason: string }>;
}

/** Why a released or unanswered member must not be removed now; null when they may be. */
export function removalBlocker(a: ReviewedAsk): string | null {
  if (!a.member) return 'no longer a member';
  if (a.role.trim().toLowerCase() === 'owner') return 'an owner';
  if (a.status === 'exempt') return 'exempt';
  const active = a.lastActivity !== null && (a.idleSince === null || a.lastActivity > a.idleSince);
  if (active || a.status === 'active') return 'active again since asked';
  return null;
}

export function reviewAsks<A extends ReviewedAsk>(asks: A[], now: Date, answerDays: number): SeatReview<A> {
  const review: SeatReview<A> = {
    released: [],
    kept: [],
    unanswered: [],
    waiting: [],
    notFound: [],
    removable: [],
    skipped: [],
  };
  for (const a of asks) {
    if (a.state === 'kept') review.kept.push(a);
    else if (a.state === 'not_found') review.notFound.push(a);
    else if (a.state === 'released') review.released.push(a);
    else if (a.state === 'asked') {
      const overdue = now.getTime() - a.askedAt.getTime() >= answerDays * DAY_MS;
      (overdue ? review.unanswered : review.waiting).push(a);
    }
  }
  for (const a of [...review.released, ...review.unanswered]) {
    const blocker = removalBlocker(a);
    if (blocker) review.skipped.push({ ask: a, reason: blocker });
    else review.removable.push(a);
  }
  return review;
}
