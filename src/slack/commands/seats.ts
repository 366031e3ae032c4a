import type { WebClient } from '@slack/web-api';
import type { ExemptOutcome } from '../../app/seats.js';
import type { Period } from '../../domain/period.js';
import { ChannelAccessError } from '../../errors.js';
import { scrub } from '../../logger.js';
import { channelAccessText } from '../../render/blocks.js';
import { idleListMessage, seatsMessage } from '../../render/seats-blocks.js';
import type { SeatsCommand, SeatsWho } from '../parse-seats.js';
import { slackErrorCode, uploadToChannel } from '../upload-to-channel.js';
import { chartUpload } from './chart.js';
import { type CommandContext, ephemeral } from './context.js';
import { askPreview, reclaimReview } from './seats-reclaim.js';

/** Idle members listed by name for admins; the rest are in `/insights export seats`. */
export const IDLE_LIST_MAX = 20;

/** `/insights seats …`: the counts and chart for anyone; names, asks, the review and exemptions for admins. */
export async function seatsCommand(ctx: CommandContext, command: SeatsCommand): Promise<void> {
  switch (command.kind) {
    case 'seats':
      return replyWithSeats(ctx, command.period);
    case 'seats-ask':
      return askPreview(ctx, command.days);
    case 'seats-reclaim':
      return reclaimReview(ctx);
    case 'seats-exempt':
    case 'seats-unexempt':
      return changeExemption(ctx, command);
  }
}

/**
 * The `seats` chart and the counts go into the channel (counts only: anyone may see them); an admin also
 * gets the longest idle members by name, ephemerally. Never an email.
 */
async function replyWithSeats(ctx: CommandContext, period: Period): Promise<void> {
  const { deps } = ctx;
  const now = deps.now();
  const log = deps.logger.child({ command: 'seats', channel: ctx.channel });
  try {
    // The admin's idle list is read while the counts are, not after them.
    const idle = (await deps.admins.isAdmin(ctx.user, ctx.client))
      ? deps.seats.idle(now, IDLE_LIST_MAX)
      : null;
    idle?.catch(() => undefined);
    const { summary, chart } = await deps.seats.overview(period, now);
    const message = seatsMessage(summary, chart, ctx.user);
    try {
      const png = await deps.renderer.render(chart);
      await uploadToChannel(ctx.client, chartUpload(ctx.channel, chart, png, message.blocks));
    } catch (err) {
      if (!(err instanceof ChannelAccessError)) throw err;
      await ephemeral(ctx, channelAccessText(err.reason));
    }
    if (idle) {
      const { members, total } = await idle;
      await ctx.respond({ response_type: 'ephemeral', ...idleListMessage(members, total, summary.org) });
    }
    log.info({ admin: idle !== null }, 'seats posted');
  } catch (err) {
    log.error({ err }, 'seats failed');
    await ephemeral(
      ctx,
      `Sorry, I couldn’t count the seats: ${scrub((err as Error).message ?? String(err))}.`,
    );
  }
}

const TYPE_USERNAME = 'type their Docker username instead';

/**
 * A Slack user's email (users.info, scope users:read.email), to find them among the Docker members by; or
 * why there is none, in words for the admin.
 */
export async function slackEmail(
  client: WebClient,
  user: string,
): Promise<{ member: string } | { why: string }> {
  try {
    const info = await client.users.info({ user });
    const u = info.user as { is_bot?: boolean; profile?: { email?: string } } | undefined;
    if (u?.profile?.email) return { member: u.profile.email };
    return {
      why: u?.is_bot
        ? `<@${user}> is a bot, with no email to match a Docker member: ${TYPE_USERNAME}.`
        : `Slack gave me no email for <@${user}> (the app needs the users:read.email scope): ${TYPE_USERNAME}.`,
    };
  } catch (err) {
    const code = slackErrorCode(err);
    if (code === 'user_not_found') return { why: `Slack has no user <@${user}>: ${TYPE_USERNAME}.` };
    if (code === 'missing_scope')
      return {
        why: `The app needs the users:read.email scope to read <@${user}>’s email: ${TYPE_USERNAME}.`,
      };
    return { why: `I couldn’t ask Slack about <@${user}> (${code ?? 'no answer'}): ${TYPE_USERNAME}.` };
  }
}

async function resolveWho(client: WebClient, who: SeatsWho): Promise<{ member: string } | { why: string }> {
  return 'name' in who ? { member: who.name } : slackEmail(client, who.slackUser);
}

const EXEMPT_TEXT: Record<ExemptOutcome['outcome'], (u: string) => string> = {
  exempted: (u) => `*${u}* is exempt now: never asked about their seat and never removed.`,
  already: (u) => `*${u}* was already exempt.`,
  unexempted: (u) => `*${u}* is no longer exempt.`,
  'not-exempt': (u) => `*${u}* was not exempt.`,
  'by-setting': (u) =>
    `*${u}* is exempt through SEATS_EXEMPT (their username or a team of theirs); change that setting instead.`,
  unknown: () => '',
};

async function changeExemption(
  ctx: CommandContext,
  command: Extract<SeatsCommand, { kind: 'seats-exempt' | 'seats-unexempt' }>,
): Promise<void> {
  const { deps } = ctx;
  if (!(await deps.admins.isAdmin(ctx.user, ctx.client))) {
    await ephemeral(ctx, deps.admins.refusal('change seat exemptions'));
    return;
  }
  const now = deps.now();
  if (command.who === null) {
    const list = await deps.seats.exemptions();
    const setting = deps.seats.settings.exempt;
    const lines = list.map((e) => `• *${e.username}* (by <@${e.by}>, ${e.at.toISOString().slice(0, 10)})`);
    await ephemeral(
      ctx,
      [
        list.length
          ? `*Exempt members* (never asked, never removed):\n${lines.join('\n')}`
          : 'No member was exempted with `/insights seats exempt`.',
        setting.length ? `SEATS_EXEMPT also exempts: ${setting.map((s) => `\`${s}\``).join(', ')}.` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    );
    return;
  }
  const resolved = await resolveWho(ctx.client, command.who);
  if ('why' in resolved) {
    await ephemeral(ctx, resolved.why);
    return;
  }
  const who = resolved.member;
  const result =
    command.kind === 'seats-exempt'
      ? await deps.seats.exempt(who, ctx.user, now)
      : await deps.seats.unexempt(who, ctx.user, now);
  await ephemeral(
    ctx,
    result.outcome === 'unknown'
      ? `No member of ${deps.seats.org} has the Docker username or email \`${who.slice(0, 80).replace(/[`<>]/g, '')}\`.`
      : EXEMPT_TEXT[result.outcome](result.username),
  );
}
