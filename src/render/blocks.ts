import type { KnownBlock } from '@slack/types';
import { CHARTS, type ChartName, type ChartView } from '../domain/insights.js';
import { type Day, shortDay } from '../domain/period.js';
import { demoNoticeBlock } from './demo-notice.js';
import { type FallbackText, fallbackText } from './slack-text.js';

/** Slack limits (docs.slack.dev/reference/block-kit): header ≤150 chars, ≤10 fields of ≤2000 chars. */
const HEADER_MAX = 150;
const FIELDS_MAX = 10;

export interface SlackMessage {
  /** The notification and screen-reader fallback: escaped, made by `fallbackText()`. */
  text: FallbackText;
  blocks: KnownBlock[];
}

const CHART_HELP: Record<ChartName, string> = {
  users: 'Docker Desktop users: active users, members, analytics opt-outs',
  builds: 'builds per user, build time, success rate',
  containers: 'containers run, per active user',
  usage: 'Desktop versions, OS, CLI vs GUI',
  images: 'Docker Hub pulls and pushes, top 10 images',
  extensions: 'share of the org with extensions, top 5 extensions',
};

export function chartMessage(view: ChartView, requestedBy?: string): SlackMessage {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(`${view.title} — ${view.org}`, HEADER_MAX) } },
  ];
  if (view.demo) blocks.push(demoNoticeBlock());
  if (view.figures.length > 0) {
    blocks.push({
      type: 'section',
      fields: view.figures
        .slice(0, FIELDS_MAX)
        .map((f) => ({ type: 'mrkdwn', text: `*${f.label}*\n${f.value}` })),
    });
  }
  if (view.missing) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `:information_source: ${cut(view.missing, 2900)}` },
    });
  }
  const context = [
    `${view.periodLabel} (${shortDay(view.from)} – ${shortDay(view.to)})`,
    `data as of ${view.asOf}`,
  ];
  if (requestedBy) context.push(`requested by <@${requestedBy}>`);
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' · ') }] });
  return { text: fallbackText(view.summary), blocks };
}

/** One line of `/insights help` below the charts: a group of subcommands (`/insights` subcommand table). */
export interface HelpGroup {
  title: 'Charts' | 'Subscriptions' | 'Alerts' | 'Data' | 'Help';
  /** Each subcommand's usages (already in backticks) with its note. */
  entries: string[];
}

const GROUP_NOTES: Partial<Record<HelpGroup['title'], string>> = { Subscriptions: ' (admins change them)' };

export function helpMessage(status: {
  org: string;
  asOf: Day | null;
  sourceLabel: string;
  groups: HelpGroup[];
}): SlackMessage {
  const charts = CHARTS.map((c) => `• \`/insights ${c} [1w|1m|3m]\` — ${CHART_HELP[c]}`).join('\n');
  const freshness = status.asOf
    ? `Data for *${status.org}* from ${status.sourceLabel}, as of *${status.asOf}* (Docker refreshes Insights daily).`
    : `No data for *${status.org}* yet from ${status.sourceLabel}.`;
  const groups = status.groups.map(
    (g) => `*${g.title}*${GROUP_NOTES[g.title] ?? ''} — ${g.entries.join(', ')}`,
  );
  return {
    text: fallbackText(
      `/insights shows Docker Insights charts: ${CHARTS.join(', ')}. Periods 1w, 1m (default), 3m.`,
    ),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'Docker Insights in Slack' } },
      { type: 'section', text: { type: 'mrkdwn', text: `*Charts* — posted in this channel\n${charts}` } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*Periods* — `1w` (7 days), `1m` (30 days, default), `3m` (90 days); `7d`, `30d`, `90d` work too.\n*Help* — `/insights help`',
        },
      },
      { type: 'section', text: { type: 'mrkdwn', text: groups.join('\n') } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: freshness }] },
    ],
  };
}

/** The ephemeral answer when the bot cannot upload into the channel the command came from. */
export function channelAccessText(reason: 'private' | 'archived' | 'not_found' | 'im'): string {
  switch (reason) {
    case 'private':
      return 'I can’t post in this private channel because I’m not a member. Invite me with `/invite @Insights`, then run the command again.';
    case 'im':
      return 'I can’t post charts in this conversation. Run the command in a channel I’m in, or in a DM with me (the Insights app’s Messages tab).';
    case 'archived':
      return 'This channel is archived, so I can’t post the chart here.';
    case 'not_found':
      return 'I can’t see this channel. If it is private, invite me with `/invite @Insights` and run the command again.';
  }
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
