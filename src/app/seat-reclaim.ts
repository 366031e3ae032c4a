/**
 * Reclaiming idle seats (docs/seats.md): ask idle members by DM (found in Slack by their Docker email), one
 * reminder, the answers recorded, an admin's review, and — only with SEATS_RECLAIM=on and a confirmation —
 * removal through `DELETE /v2/orgs/{org}/members/{username}`. Every ask, answer and removal is audited (and
 * so forwarded to the SIEM). DMs go through the delivery queue, in the transaction that records them.
 */
import type { Delivery } from '../domain/delivery.js';
import { reviewAsks, type SeatReview } from '../domain/seat-reclaim.js';
import { KEEP_DAYS, type SeatSettings } from '../domain/seats.js';
import type { Logger } from '../logger.js';
import { answeredDmMessage, askDmMessage } from '../render/seat-reclaim-blocks.js';
import { createAuditLog } from '../store/audit-repo.js';
import type { Db, Queryable } from '../store/db.js';
import { type AskCandidate, type AskReview, createSeatAsksRepo } from '../store/seat-asks-repo.js';
import type { RuleRunner } from './rules.js';
import { type MemberRemover, type RemovalResult, removeMembers } from './seat-removal.js';

/** At most this many members are asked in one go (users.lookupByEmail is Tier 3: about 50 a minute). */
export const ASK_MAX = 100;
/** At most this many members are removed by one button (its value holds their asks' IDs). */
export const REMOVE_MAX = 100;

/** Slack as the asks need it (src/slack/directory.ts, on the interaction's client). */
export interface SeatDirectory {
  /** The Slack user with this email; null when there is none. */
  userByEmail(email: string): Promise<string | null>;
  /** The DM channel with this user; null when Slack will not open one (deactivated, invisible). */
  openDm(user: string): Promise<string | null>;
}

export type AnswerOutcome = 'recorded' | 'already' | 'not-yours' | 'unknown';

export interface AskResult {
  asked: string[];
  /** No Slack user with their Docker email, or one Slack will not open a DM with: recorded, not asked. */
  notFound: string[];
  /**
   * Slack failed for a reason that is not the member's (a rate limit past the client's retries, an
   * outage): the asks stopped before this member, whose ask is not recorded; asking again goes on.
   */
  stopped?: { at: string; reason: string };
}

export interface SeatReclaim {
  readonly settings: SeatSettings;
  preview(days: number, now: Date): Promise<{ members: AskCandidate[]; total: number }>;
  ask(req: { days: number; by: string }, directory: SeatDirectory, now: Date): Promise<AskResult>;
  answer(id: number, user: string, answer: 'kept' | 'released', now: Date): Promise<AnswerOutcome>;
  /** The scheduled tick: one reminder for each ask unanswered after SEATS_REMINDER_DAYS. */
  remind(now: Date): Promise<number>;
  review(now: Date): Promise<SeatReview<AskReview>>;
  remove(req: { ids: number[]; by: string }, now: Date): Promise<RemovalResult>;
}

export const askKey = (id: number) => `seats-ask:${id}`;
export const reminderKey = (id: number) => `seats-ask:${id}:reminder`;

export function createSeatReclaim(deps: {
  db: Db;
  org: string;
  settings: SeatSettings;
  demo: boolean;
  /** The Hub API (null without DOCKER_TOKEN: the demo organization removes in its store only). */
  hub: MemberRemover | null;
  outbox: (key: string, delivery: Delivery, tx: Queryable) => Promise<boolean>;
  rules: Pick<RuleRunner, 'changed'>;
  prepare: (now: Date) => Promise<void>;
  logger: Logger;
}): SeatReclaim {
  const { db, org, settings } = deps;
  const asks = createSeatAsksRepo(db);
  const audit = (q: Queryable, at: Date, actor: string, action: string, target: string, detail: object) =>
    createAuditLog(q).record({ at, actor, action, target, detail });

  async function candidates(days: number, now: Date, limit: number) {
    await deps.prepare(now);
    return asks.candidates(org, settings, now, { minDays: days, keepDays: KEEP_DAYS, limit });
  }

  return {
    settings,
    preview: (days, now) => candidates(days, now, ASK_MAX),

    async ask({ days, by }, directory, now) {
      const { members } = await candidates(days, now, ASK_MAX);
      const result: AskResult = { asked: [], notFound: [] };
      for (const m of members) {
        let user: string | null;
        let dm: string | null;
        try {
          user = m.email ? await directory.userByEmail(m.email) : null;
          dm = user ? await directory.openDm(user) : null;
        } catch (err) {
          // Not about this member: the next ones would fail the same way. Nothing of this one is stored.
          result.stopped = { at: m.username, reason: (err as Error).message ?? String(err) };
          deps.logger.warn({ err, member: m.username }, 'seat asks stopped: Slack failed');
          break;
        }
        const idleSince = m.idleSince ? new Date(m.idleSince) : null;
        await db.transaction(async (tx) => {
          const state = dm ? 'asked' : 'not_found';
          const base = { memberKey: m.memberKey, username: m.username, idleSince, askedAt: now, askedBy: by };
          const id = await createSeatAsksRepo(tx).record(org, {
            ...base,
            state,
            slackUser: user,
            dmChannel: dm,
          });
          await audit(tx, now, by, 'seats.ask', m.username, { days, inSlack: dm !== null, ask: id });
          if (!dm) return;
          const { text, blocks } = askDmMessage({ id, org, idleSince, reminder: false });
          await deps.outbox(askKey(id), { kind: 'message', channel: dm, text, blocks }, tx);
        });
        (dm ? result.asked : result.notFound).push(m.username);
      }
      deps.logger.info(
        {
          asked: result.asked.length,
          notFound: result.notFound.length,
          stopped: Boolean(result.stopped),
          days,
        },
        'seat asks sent',
      );
      return result;
    },

    answer(id, user, answer, now) {
      return db.transaction(async (tx) => {
        const repo = createSeatAsksRepo(tx);
        const ask = await repo.get(org, id);
        if (!ask) return 'unknown';
        if (ask.slackUser !== user) return 'not-yours';
        if (!(await repo.answer(org, id, answer, now))) return 'already';
        await audit(tx, now, user, `seats.answer.${answer === 'kept' ? 'keep' : 'release'}`, ask.username, {
          ask: id,
        });
        // The question's buttons go: the DM (and its reminder) now say what was answered.
        const { text, blocks } = answeredDmMessage(org, answer);
        const channel = ask.dmChannel ?? '';
        await deps.outbox(
          `${askKey(id)}:answered`,
          { kind: 'update', channel, of: askKey(id), text, blocks },
          tx,
        );
        if (ask.remindedAt) {
          const update: Delivery = { kind: 'update', channel, of: reminderKey(id), text, blocks };
          await deps.outbox(`${reminderKey(id)}:answered`, update, tx);
        }
        return 'recorded';
      });
    },

    async remind(now) {
      // No prepare(): asks exist only after one, and the members it wrote stay in the store (a demo
      // bot nobody asked about seats keeps its members out of the store).
      let sent = 0;
      for (const ask of await asks.dueReminders(org, settings, now, settings.reminderDays)) {
        await db.transaction(async (tx) => {
          if (!(await createSeatAsksRepo(tx).markReminded(org, ask.id, now))) return;
          const { text, blocks } = askDmMessage({
            id: ask.id,
            org,
            idleSince: ask.idleSince,
            reminder: true,
          });
          await deps.outbox(
            reminderKey(ask.id),
            { kind: 'message', channel: ask.dmChannel ?? '', text, blocks },
            tx,
          );
          sent++;
        });
      }
      if (sent > 0) deps.logger.info({ sent }, 'seat ask reminders sent');
      return sent;
    },

    async review(now) {
      await deps.prepare(now);
      return reviewAsks(await asks.review(org, settings, now), now, settings.answerDays);
    },

    async remove({ ids, by }, now) {
      // Checked here too, not only by the missing button: the operator turns removal on.
      if (!settings.reclaim)
        return {
          removed: [],
          skipped: [],
          error: 'Removal is off: the operator sets SEATS_RECLAIM=on to allow it.',
        };
      await deps.prepare(now);
      // Everyone the review would not remove is closed as skipped (so they may be asked afresh later); of
      // the rest, only the ones the admin confirmed.
      const full = reviewAsks(await asks.review(org, settings, now), now, settings.answerDays);
      const wanted = new Set(ids.slice(0, REMOVE_MAX));
      const chosen = { ...full, removable: full.removable.filter((a) => wanted.has(a.id)) };
      const result = await removeMembers(
        { db, org, hub: deps.hub, demo: deps.demo, logger: deps.logger },
        chosen,
        by,
        now,
      );
      if (result.removed.length > 0) await deps.rules.changed(['seats'], now);
      return result;
    },
  };
}
