import type { KnownBlock } from '@slack/types';
import type { DeliveryHealth } from '../domain/delivery.js';
import { formatDuration, formatWhen } from '../domain/format.js';
import type { SourceLine, StatusView } from '../domain/status.js';
import type { SlackMessage } from './blocks.js';
import { fallbackText, mrkdwnSafe, plainCut } from './slack-text.js';

/** Why figures can be missing: shown by `/insights status` and the Home tab. */
export const TROUBLESHOOTING = [
  'Docker Desktop 4.16 or older sends no Insights data: ask those users to update.',
  'Users who turned off "Send usage statistics" (opted out of analytics) send no data.',
  'Only users signed in to Docker Desktop with an account of the organization are counted; enforce sign-in to count everyone.',
];

/** Slack's section text holds at most 3000 characters (docs.slack.dev/reference/block-kit/blocks/section-block). */
const SECTION_MAX = 2900;
/** One hint (a given-up post's error, a SIEM destination's paused reason) may be long; the rest still shows. */
const HINT_MAX = 600;
/** Room kept for the `…and N more` line. */
const MORE_ROOM = 40;

/**
 * The troubleshooting section's text: the hints (problems first, then TROUBLESHOOTING) as a list, each cut
 * to HINT_MAX, whole hints while they fit in one section, then how many more there are. The problem hints
 * have no bound of their own (one per paused subscription), and a section over 3000 characters makes
 * Slack refuse the whole message.
 */
export function troubleshootingText(problemHints: readonly string[]): string {
  const hints = [...problemHints, ...TROUBLESHOOTING];
  let text = '*Troubleshooting*';
  for (const [i, hint] of hints.entries()) {
    const line = `\n• ${plainCut(hint, HINT_MAX)}`;
    if (text.length + line.length > SECTION_MAX - MORE_ROOM) return `${text}\n…and ${hints.length - i} more`;
    text += line;
  }
  return text;
}

/** `/insights status`: every source, its last sync and last error in plain words, and troubleshooting hints. */
export function statusMessage(view: StatusView): SlackMessage {
  const asOf = `data as of *${view.dataAsOf ?? 'no data yet'}*`;
  const header = view.demo
    ? `Showing the built-in demo organization *${view.org}* · ${asOf}. Set \`DOCKER_ORG\` and \`DOCKER_TOKEN\` to see your own.`
    : `Organization *${view.org}* · ${asOf}`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Insights data sources' } },
    { type: 'section', text: { type: 'mrkdwn', text: header } },
  ];
  if (view.delivery)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: deliveryText(view.delivery) } });
  for (const s of view.sources.slice(0, 20)) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: sourceText(s) } });
  }
  blocks.push(
    { type: 'divider' },
    { type: 'section', text: { type: 'mrkdwn', text: troubleshootingText(view.hints) } },
  );
  // The notification line agrees with the body: a failed post listed below is not "no errors".
  const broken = view.sources.filter((s) => s.lastError).map((s) => s.label);
  const stalled = view.delivery?.stalled ? `Slack delivery stalled: ${waiting(view.delivery)}. ` : '';
  const problems = [
    ...(broken.length ? [`${broken.join(', ')} failing`] : []),
    ...(view.problems ? [`${view.problems} problem${view.problems === 1 ? '' : 's'} listed`] : []),
  ];
  const who = view.demo ? `the demo organization ${view.org}` : view.org;
  return {
    text: fallbackText(
      `${stalled}Insights sources for ${who}: ${problems.join(', ') || 'no errors'}; data as of ${view.dataAsOf ?? 'no data yet'}.`,
    ),
    blocks,
  };
}

/** `3 posts waiting, the oldest for 15m 00s` */
function waiting(d: DeliveryHealth): string {
  const age =
    d.oldestPendingSeconds === null ? '' : `, the oldest for ${formatDuration(d.oldestPendingSeconds)}`;
  return `${d.backlog} post${d.backlog === 1 ? '' : 's'} waiting${age}`;
}

/** The delivery queue's line: nothing waiting, posts on their way, or stalled (with the last error and the fix). */
export function deliveryText(d: DeliveryHealth): string {
  if (d.backlog === 0) return ':large_green_circle: *Slack delivery* — nothing waiting to be posted';
  if (!d.stalled) return `:large_yellow_circle: *Slack delivery* — ${waiting(d)}`;
  const error = d.lastError ? `; last error: ${d.lastError.slice(0, 200)}` : '';
  return `:red_circle: *Slack delivery stalled* — ${waiting(d)}${error}. They go out once Slack answers again: check that the bot reaches Slack (network, proxy, \`SLACK_API_URL\`) and that its token is valid.`;
}

/** One source's line: configured or how to set it up, last success, data as of, last error. */
export function sourceText(s: SourceLine): string {
  if (!s.configured) return `:white_circle: *${s.label}* — not configured. ${s.setup}`;
  const icon = s.lastError
    ? ':red_circle:'
    : s.lastSuccessAt
      ? ':large_green_circle:'
      : ':large_yellow_circle:';
  const lines = [`${icon} *${s.label}*`];
  lines.push(
    s.lastSuccessAt
      ? `last success ${formatWhen(s.lastSuccessAt)}${s.detail ? ` — ${s.detail}` : ''}`
      : 'never synced yet',
  );
  if (s.dataAsOf) lines.push(`data as of ${s.dataAsOf}`);
  if (s.lastError)
    lines.push(
      `last error ${s.lastErrorAt ? formatWhen(s.lastErrorAt) : ''}: ${mrkdwnSafe(s.lastError, 500)}`,
    );
  return lines.join('\n');
}
