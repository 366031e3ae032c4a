import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AnswerOutcome } from '../../app/seat-reclaim.js';
import { scrub } from '../../logger.js';
import { askResultText, SEAT_ACTIONS } from '../../render/seat-reclaim-blocks.js';
import type { SlackDeps } from '../deps.js';
import { createSlackDirectory } from '../directory.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const ANSWER_TEXT: Record<Exclude<AnswerOutcome, 'recorded'>, string> = {
  already: 'You already answered this question.',
  'not-yours': 'This question was for someone else, so your answer was not recorded.',
  unknown: 'I no longer know this question.',
};

/** The removal's answer: who went, who stayed and why, or Docker's refusal (then nobody more is tried). */
function removalText(
  r: { removed: string[]; skipped: Array<{ username: string; reason: string }>; error: string | null },
  org: string,
): string {
  const parts: string[] = [];
  if (r.removed.length > 0)
    parts.push(
      `Removed ${r.removed.length} member${r.removed.length === 1 ? '' : 's'} from ${org}: ${r.removed.join(', ')}.`,
    );
  if (r.skipped.length > 0)
    parts.push(`Not removed: ${r.skipped.map((s) => `${s.username} (${s.reason})`).join(', ')}.`);
  if (r.error)
    parts.push(`${r.error} ${r.removed.length > 0 ? 'Nobody else was removed.' : 'Nobody was removed.'}`);
  return parts.join(' ') || 'Nobody to remove.';
}

/**
 * The reclaim buttons: "Ask N members" and "Remove N members" (admin-only, checked here on the server; each
 * behind Slack's confirm dialog), and a member's "Keep my seat" / "Release it" in their DM (only the member
 * asked may answer). Answers and removals are recorded and audited by the service.
 */
export function registerSeatButtons(app: App, deps: SlackDeps): void {
  const reply = (args: ButtonArgs, text: string, replace = false) =>
    args.respond({ response_type: 'ephemeral', replace_original: replace, text }).catch(() => undefined);

  const adminOnly =
    (what: string, run: (args: ButtonArgs) => Promise<string>) => async (args: ButtonArgs) => {
      await args.ack();
      const user = args.body.user.id;
      if (!(await deps.admins.isAdmin(user, args.client))) {
        deps.logger.warn({ user, action: args.action.action_id }, 'seat button refused: not an admin');
        await reply(args, deps.admins.refusal(what));
        return;
      }
      try {
        await reply(args, await run(args), true);
      } catch (err) {
        deps.logger.error({ err, action: args.action.action_id }, 'seat button failed');
        await reply(args, `Sorry, that failed: ${scrub((err as Error).message ?? String(err))}.`);
      }
    };

  app.action(
    SEAT_ACTIONS.ask,
    adminOnly('ask members about their seats', async (args) => {
      const days = Number(args.action.value);
      if (!Number.isInteger(days) || days < 30)
        return 'That button is out of date: run `/insights seats ask` again.';
      return askResultText(
        await deps.seatReclaim.ask(
          { days, by: args.body.user.id },
          createSlackDirectory(args.client),
          deps.now(),
        ),
      );
    }),
  );

  app.action(
    SEAT_ACTIONS.remove,
    adminOnly('remove members', async (args) => {
      const ids = (args.action.value ?? '')
        .split(',')
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0);
      const result = await deps.seatReclaim.remove({ ids, by: args.body.user.id }, deps.now());
      return removalText(result, deps.seats.org);
    }),
  );

  for (const [actionId, answer] of [
    [SEAT_ACTIONS.keep, 'kept'],
    [SEAT_ACTIONS.release, 'released'],
  ] as const) {
    app.action(actionId, async (args: ButtonArgs) => {
      await args.ack();
      const id = Number(args.action.value);
      const outcome = await deps.seatReclaim.answer(id, args.body.user.id, answer, deps.now());
      // Recorded: the DM itself is updated (chat.update through the delivery queue), buttons gone.
      if (outcome !== 'recorded') await reply(args, ANSWER_TEXT[outcome]);
    });
  }
}
