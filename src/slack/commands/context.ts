import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SlackDeps } from '../deps.js';

/** What a subcommand runs with: the services, Slack's client and reply, and who typed it where. */
export interface CommandContext {
  deps: SlackDeps;
  client: WebClient;
  respond: RespondFn;
  channel: string;
  user: string;
  /** `performance.now()` when the command arrived: chart and export posts report their latency from it. */
  startedAt?: number;
}

/** Tells `/metrics` the command's post is in the channel (command → post latency). */
export function recordPosted(ctx: CommandContext, subcommand: string): void {
  if (ctx.startedAt === undefined) return;
  ctx.deps.metrics?.commandToPost(subcommand, (performance.now() - ctx.startedAt) / 1000);
}

/** An ephemeral answer to whoever typed the command; a failure to answer is not the command's failure. */
export const ephemeral = (ctx: Pick<CommandContext, 'respond'>, text: string) =>
  ctx.respond({ response_type: 'ephemeral', text }).catch(() => undefined);
