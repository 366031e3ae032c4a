import { type CommandContext, ephemeral } from './context.js';

/** `/insights seats ask [60d]`: filled in by the reclaim work. */
export async function askPreview(ctx: CommandContext, _days: number): Promise<void> {
  await ephemeral(ctx, 'Not yet.');
}

/** `/insights seats reclaim`. */
export async function reclaimReview(ctx: CommandContext): Promise<void> {
  await ephemeral(ctx, 'Not yet.');
}
