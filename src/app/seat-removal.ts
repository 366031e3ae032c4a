/**
 * The removal step of reclaiming: `DELETE /v2/orgs/{org}/members/{username}` for each released or unanswered
 * member the review allows, one at a time; a refused token (401/403) stops at once with one sentence naming
 * the permission it lacks. Each removal is recorded and audited in its own transaction.
 */
import { DockerApiError } from '../docker/errors.js';
import type { SeatReview } from '../domain/seat-reclaim.js';
import type { Logger } from '../logger.js';
import { createAuditLog } from '../store/audit-repo.js';
import type { Db } from '../store/db.js';
import { createMembersRepo } from '../store/members-repo.js';
import { type AskReview, createSeatAsksRepo } from '../store/seat-asks-repo.js';

export interface MemberRemover {
  removeMember(username: string): Promise<void>;
}

export interface RemovalResult {
  removed: string[];
  skipped: Array<{ username: string; reason: string }>;
  /** One sentence when Docker refused; the rest were not tried. */
  error: string | null;
}

const PERMISSION =
  'Member Edit (scope-member-edit): an organization access token with Member Edit, or a personal access token of an owner of the organization';

/**
 * A 404 is not proof the seat is free: the member may have left already, or Docker may not know them by
 * this username (renamed, or an organization the token does not see). Skipped, not counted as removed;
 * the next members sync shows whether they are gone.
 */
const NOT_FOUND_REASON = 'Docker answered 404: gone already or renamed, so not counted as removed';

/** The sentence for a failed removal that stops the rest. */
function refusal(err: unknown, org: string, username: string): string {
  if (err instanceof DockerApiError && (err.status === 401 || err.status === 403)) {
    return `Docker refused to remove members from ${org} (${err.status}): DOCKER_TOKEN needs ${PERMISSION}.`;
  }
  return `Docker did not remove ${username}: ${(err as Error).message ?? String(err)}`;
}

export async function removeMembers(
  deps: { db: Db; org: string; hub: MemberRemover | null; demo: boolean; logger: Logger },
  review: SeatReview<AskReview>,
  by: string,
  now: Date,
): Promise<RemovalResult> {
  const { db, org } = deps;
  const result: RemovalResult = { removed: [], skipped: [], error: null };
  const skip = (ask: AskReview, reason: string) =>
    db.transaction(async (tx) => {
      if (!(await createSeatAsksRepo(tx).close(org, ask.id, 'skipped', by, now))) return;
      await createAuditLog(tx).record({
        at: now,
        actor: by,
        action: 'seats.remove.skip',
        target: ask.username,
        detail: { ask: ask.id, reason },
      });
      result.skipped.push({ username: ask.username, reason });
    });
  for (const { ask, reason } of review.skipped) await skip(ask, reason);
  for (const ask of review.removable) {
    if (deps.hub) {
      try {
        await deps.hub.removeMember(ask.username);
      } catch (err) {
        if (err instanceof DockerApiError && err.status === 404) {
          await skip(ask, NOT_FOUND_REASON);
          continue;
        }
        deps.logger.warn({ err, removed: result.removed.length }, 'member removal refused');
        result.error = refusal(err, org, ask.username);
        break;
      }
    }
    await db.transaction(async (tx) => {
      await createSeatAsksRepo(tx).close(org, ask.id, 'removed', by, now);
      await createMembersRepo(tx).remove(org, ask.memberKey);
      const detail = { ask: ask.id, ...(deps.hub ? {} : { demo: true }) };
      await createAuditLog(tx).record({
        at: now,
        actor: by,
        action: 'seats.remove',
        target: ask.username,
        detail,
      });
    });
    result.removed.push(ask.username);
  }
  deps.logger.info(
    { removed: result.removed.length, skipped: result.skipped.length, refused: result.error !== null },
    'seat removal',
  );
  return result;
}
