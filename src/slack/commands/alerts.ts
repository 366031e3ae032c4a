import { type ActivityFilter, formatActivityFilter } from '../../domain/activity-filter.js';
import { describeDuration } from '../../domain/alerts.js';
import { formatWhen } from '../../render/alert-blocks.js';
import { mrkdwnSafe } from '../../render/slack-text.js';
import type { CommandContext } from './context.js';

const LIST_MAX = 30;

const reply = (ctx: Pick<CommandContext, 'respond'>, text: string) =>
  ctx.respond({ response_type: 'ephemeral', text });

/** `/insights alerts`: the open alerts, most severe first; anyone may list. */
export async function listAlerts(ctx: CommandContext): Promise<void> {
  const alerts = await ctx.deps.alerts.open();
  const lines = alerts
    .slice(0, LIST_MAX)
    .map(
      (a) =>
        `• *${a.severity}* ${mrkdwnSafe(a.title, 200)} — since ${formatWhen(a.openedAt)}${a.ackedBy ? `, acknowledged by <@${a.ackedBy}>` : ''} · \`${mrkdwnSafe(a.fingerprint, 200)}\``,
    );
  await reply(
    ctx,
    alerts.length === 0
      ? 'No open alerts.'
      : `*${alerts.length} open alert${alerts.length === 1 ? '' : 's'}*\n${lines.join('\n')}${alerts.length > LIST_MAX ? `\n…and ${alerts.length - LIST_MAX} more.` : ''}`,
  );
}

/** `/insights silences`: active silences with their IDs; anyone may list. */
export async function listSilences(ctx: CommandContext): Promise<void> {
  const silences = await ctx.deps.alerts.silences(ctx.deps.now());
  const lines = silences.map(
    (s) =>
      `• \`${s.id}\` — \`${mrkdwnSafe(s.matcher, 200)}\` until ${formatWhen(s.until)} (by <@${s.createdBy}>)`,
  );
  await reply(
    ctx,
    silences.length === 0
      ? 'No active silences.'
      : `*Active silences*\n${lines.join('\n')}\nEnd one early with \`/insights unsilence <id>\`.`,
  );
}

/** `/insights silence <rule-or-alert> <duration>` and `/insights unsilence <id>`: admin-only, audited. */
export async function changeSilence(
  ctx: CommandContext,
  req: { kind: 'silence'; matcher: string; durationMs: number } | { kind: 'unsilence'; id: number },
): Promise<void> {
  const { deps, user } = ctx;
  if (!(await deps.admins.isAdmin(user, ctx.client))) {
    await reply(ctx, deps.admins.refusal(req.kind === 'silence' ? 'silence alerts' : 'end silences'));
    return;
  }
  if (req.kind === 'unsilence') {
    const ended = await deps.alerts.unsilence(req.id, user, deps.now());
    await reply(
      ctx,
      ended
        ? `Silence \`${req.id}\` ended: its alerts notify again.`
        : `There is no active silence \`${req.id}\`. \`/insights silences\` lists them.`,
    );
    return;
  }
  const { id, until, matched } = await deps.alerts.silence(req.matcher, req.durationMs, user, deps.now());
  await reply(
    ctx,
    `Silenced \`${mrkdwnSafe(req.matcher, 200)}\` for ${describeDuration(req.durationMs)}, until ${formatWhen(until)} (silence \`${id}\`; ${matched} open alert${matched === 1 ? '' : 's'} now). Alerts still change state but post nothing; \`/insights unsilence ${id}\` ends it early.`,
  );
}

const ACTIVITY_SHOWN = 20;
/** Without `since:`, the search covers the last week. */
const DEFAULT_SINCE = { kind: 'ago', amount: 7, unit: 'd' } as const;

/** `/insights activity [actor:…] [action:…] [since:…]`: the newest matching events of the stored log. */
export async function searchActivity(ctx: CommandContext, filter: ActivityFilter): Promise<void> {
  const { deps } = ctx;
  const query = { ...filter, since: filter.since ?? DEFAULT_SINCE };
  const { total, events } = await deps.activity.newest(query, deps.now(), ACTIVITY_SHOWN);
  const described = formatActivityFilter(query);
  // Echoed in the answer: as short as every other echo (an email can be 254 characters).
  const echoed = mrkdwnSafe(described.replace(/`/g, ''), 120);
  if (total === 0) {
    await reply(ctx, `No activity matches \`${echoed}\`.`);
    return;
  }
  const lines = events.map((e) => {
    const what = e.description || e.name;
    return `• ${formatWhen(new Date(e.at))} · *${mrkdwnSafe(e.actor || 'unknown', 100)}* · \`${mrkdwnSafe(e.action, 80)}\`${what ? ` — ${mrkdwnSafe(what, 200)}` : ''}`;
  });
  const more =
    total > ACTIVITY_SHOWN
      ? `\n…and ${total - ACTIVITY_SHOWN} older. \`/insights export activity ${described}\` has them all.`
      : '';
  await reply(
    ctx,
    `*Activity* \`${echoed}\` — ${total} event${total === 1 ? '' : 's'}, newest first\n${lines.join('\n')}${more}`,
  );
}
