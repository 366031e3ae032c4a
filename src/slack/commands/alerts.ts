import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { type ActivityFilter, formatActivityFilter } from '../../domain/activity-filter.js';
import { describeDuration } from '../../domain/alerts.js';
import { activeSilences, endSilence, openAlerts, silenceAlerts } from '../../jobs/alerts.js';
import { formatWhen } from '../../render/alert-blocks.js';
import { mrkdwnSafe } from '../../render/slack-text.js';
import { type ActivityEvent, createActivityRepo } from '../../store/activity-repo.js';
import type { SlackDeps } from '../deps.js';

const LIST_MAX = 30;

type Reply = (text: string) => Promise<unknown>;
const ephemeral =
  (respond: RespondFn): Reply =>
  (text) =>
    respond({ response_type: 'ephemeral', text });

/** `/insights alerts`: the open alerts, most severe first; anyone may list. */
export async function listAlerts(deps: SlackDeps, respond: RespondFn): Promise<void> {
  const alerts = await openAlerts(deps.alerts);
  const lines = alerts
    .slice(0, LIST_MAX)
    .map(
      (a) =>
        `• *${a.severity}* ${mrkdwnSafe(a.title, 200)} — since ${formatWhen(a.openedAt)}${a.ackedBy ? `, acknowledged by <@${a.ackedBy}>` : ''} · \`${mrkdwnSafe(a.fingerprint, 200)}\``,
    );
  await ephemeral(respond)(
    alerts.length === 0
      ? 'No open alerts.'
      : `*${alerts.length} open alert${alerts.length === 1 ? '' : 's'}*\n${lines.join('\n')}${alerts.length > LIST_MAX ? `\n…and ${alerts.length - LIST_MAX} more.` : ''}`,
  );
}

/** `/insights silences`: active silences with their IDs; anyone may list. */
export async function listSilences(deps: SlackDeps, respond: RespondFn): Promise<void> {
  const silences = await activeSilences(deps.alerts, deps.now());
  const lines = silences.map(
    (s) =>
      `• \`${s.id}\` — \`${mrkdwnSafe(s.matcher, 200)}\` until ${formatWhen(s.until)} (by <@${s.createdBy}>)`,
  );
  await ephemeral(respond)(
    silences.length === 0
      ? 'No active silences.'
      : `*Active silences*\n${lines.join('\n')}\nEnd one early with \`/insights unsilence <id>\`.`,
  );
}

/** `/insights silence <rule-or-alert> <duration>` and `/insights unsilence <id>`: admin-only, audited. */
export async function changeSilence(
  deps: SlackDeps,
  slack: { client: WebClient; respond: RespondFn },
  req: { user: string } & (
    | { kind: 'silence'; matcher: string; durationMs: number }
    | { kind: 'unsilence'; id: number }
  ),
): Promise<void> {
  const reply = ephemeral(slack.respond);
  if (!(await deps.admins.isAdmin(req.user, slack.client))) {
    await reply(deps.admins.refusal(req.kind === 'silence' ? 'silence alerts' : 'end silences'));
    return;
  }
  if (req.kind === 'unsilence') {
    const ended = await endSilence(deps.alerts, req.id, req.user, deps.now());
    await reply(
      ended
        ? `Silence \`${req.id}\` ended: its alerts notify again.`
        : `There is no active silence \`${req.id}\`. \`/insights silences\` lists them.`,
    );
    return;
  }
  const { id, until, matched } = await silenceAlerts(
    deps.alerts,
    req.matcher,
    req.durationMs,
    req.user,
    deps.now(),
  );
  await reply(
    `Silenced \`${mrkdwnSafe(req.matcher, 200)}\` for ${describeDuration(req.durationMs)}, until ${formatWhen(until)} (silence \`${id}\`; ${matched} open alert${matched === 1 ? '' : 's'} now). Alerts still change state but post nothing; \`/insights unsilence ${id}\` ends it early.`,
  );
}

const ACTIVITY_SHOWN = 20;
/** Without `since:`, the search covers the last week. */
const DEFAULT_SINCE = { kind: 'ago', amount: 7, unit: 'd' } as const;

/** `/insights activity [actor:…] [action:…] [since:…]`: the newest matching events of the stored log. */
export async function searchActivity(
  deps: SlackDeps,
  respond: RespondFn,
  filter: ActivityFilter,
): Promise<void> {
  const query = { ...filter, since: filter.since ?? DEFAULT_SINCE };
  const newest: ActivityEvent[] = [];
  let total = 0;
  for await (const page of createActivityRepo(deps.db).search(deps.alerts.org, query, {
    now: deps.now(),
  })) {
    total += page.length;
    newest.push(...page);
    newest.splice(0, Math.max(0, newest.length - ACTIVITY_SHOWN));
  }
  const described = formatActivityFilter(query);
  if (total === 0) {
    await ephemeral(respond)(`No activity matches \`${described}\`.`);
    return;
  }
  const lines = newest.reverse().map((e) => {
    const what = e.description || e.name;
    return `• ${formatWhen(new Date(e.at))} · *${mrkdwnSafe(e.actor || 'unknown', 100)}* · \`${mrkdwnSafe(e.action, 80)}\`${what ? ` — ${mrkdwnSafe(what, 200)}` : ''}`;
  });
  const more =
    total > ACTIVITY_SHOWN
      ? `\n…and ${total - ACTIVITY_SHOWN} older. \`/insights export activity ${described}\` has them all.`
      : '';
  await ephemeral(respond)(
    `*Activity* \`${described}\` — ${total} event${total === 1 ? '' : 's'}, newest first\n${lines.join('\n')}${more}`,
  );
}
