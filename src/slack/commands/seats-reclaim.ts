import { ASK_MAX, REMOVE_MAX } from '../../app/seat-reclaim.js';
import { scrub } from '../../logger.js';
import { askPreviewMessage, reviewMessage } from '../../render/seat-reclaim-blocks.js';
import { type CommandContext, ephemeral } from './context.js';

/** `/insights seats ask [60d]` (admins): who would be asked, with a button (and a confirm dialog) that asks them. */
export async function askPreview(ctx: CommandContext, days: number): Promise<void> {
  const { deps } = ctx;
  if (!(await deps.admins.isAdmin(ctx.user, ctx.client))) {
    await ephemeral(ctx, deps.admins.refusal('ask members about their seats'));
    return;
  }
  try {
    const { members, total } = await deps.seatReclaim.preview(days, deps.now());
    const message = askPreviewMessage({
      days,
      members,
      total,
      cap: ASK_MAX,
      graceDays: deps.seatReclaim.settings.graceDays,
      org: deps.seats.org,
      demo: deps.seats.demo,
    });
    await ctx.respond({ response_type: 'ephemeral', ...message });
  } catch (err) {
    deps.logger.error({ err }, 'seats ask preview failed');
    await ephemeral(
      ctx,
      `Sorry, I couldn’t find the idle members: ${scrub((err as Error).message ?? String(err))}.`,
    );
  }
}

/** `/insights seats reclaim` (admins): released, kept, unanswered; the remove button with SEATS_RECLAIM=on. */
export async function reclaimReview(ctx: CommandContext): Promise<void> {
  const { deps } = ctx;
  if (!(await deps.admins.isAdmin(ctx.user, ctx.client))) {
    await ephemeral(ctx, deps.admins.refusal('review reclaimed seats'));
    return;
  }
  try {
    const review = await deps.seatReclaim.review(deps.now());
    const { settings } = deps.seatReclaim;
    const message = reviewMessage(review, {
      org: deps.seats.org,
      answerDays: settings.answerDays,
      reclaim: settings.reclaim,
      demo: deps.seats.demo,
      cap: REMOVE_MAX,
    });
    await ctx.respond({ response_type: 'ephemeral', ...message });
  } catch (err) {
    deps.logger.error({ err }, 'seats review failed');
    await ephemeral(
      ctx,
      `Sorry, I couldn’t read the seat answers: ${scrub((err as Error).message ?? String(err))}.`,
    );
  }
}
