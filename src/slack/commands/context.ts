import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { hideEmailsIn } from '../../domain/emails.js';
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

/**
 * Every `/insights` answer leaves through this `respond`: for someone who is not an Insights admin, every
 * email in it (text and blocks) becomes "a member" — alert titles and fingerprints, silences, sync
 * errors, activity. Whether the user is an admin is asked once, at the first answer.
 */
export function respondForViewer(respond: RespondFn, isAdmin: () => Promise<boolean>): RespondFn {
  let admin: Promise<boolean> | undefined;
  return async (message) => {
    admin ??= isAdmin().catch(() => false);
    return respond((await admin) ? message : hideEmailsIn(message));
  };
}
