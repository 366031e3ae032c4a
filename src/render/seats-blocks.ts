import type { KnownBlock } from '@slack/types';
import { formatCount } from '../domain/format.js';
import type { ChartView } from '../domain/insights.js';
import { shortDay } from '../domain/period.js';
import type { IdleMember } from '../domain/seat-records.js';
import {
  costLine,
  countWithShare,
  NO_SEATS_CONFIGURED,
  type SeatSummary,
  usedLine,
} from '../domain/seat-summary.js';
import type { LastActivity } from '../domain/seats.js';
import type { SlackMessage } from './blocks.js';
import { demoNoticeBlock } from './demo-notice.js';
import { fallbackText, mrkdwnSafe, plainCut } from './slack-text.js';

/** Slack limits (docs.slack.dev/reference/block-kit): header ≤150, section text ≤3000, ≤10 fields. */
const SECTION_MAX = 2900;
const LINE_MAX = 280;

const KIND = { desktop: 'Docker Desktop', 'sign-in': 'sign-in' } as const;

/** `last Docker Desktop use Aug 3 (110 days ago)`, `never active` */
export function activityText(a: LastActivity | null, idleDays: number | null): string {
  if (!a) return 'never active';
  const days = idleDays === null ? '' : ` (${formatCount(idleDays)} day${idleDays === 1 ? '' : 's'} ago)`;
  return `last ${KIND[a.kind]} ${a.at.slice(0, 10)}${days}`;
}

/** `• *bob* (Bob Brown) · backend · last Docker Desktop use 2026-08-03 (110 days ago) · joined 2024-01-05` */
export function idleLine(m: IdleMember): string {
  const name = m.name && m.name !== m.username ? ` (${mrkdwnSafe(m.name, 60)})` : '';
  const teams = m.teams.length ? ` · ${mrkdwnSafe(m.teams.join(', '), 60)}` : '';
  const joined = m.dateJoined ? ` · joined ${m.dateJoined.slice(0, 10)}` : '';
  return `• *${mrkdwnSafe(m.username, 80)}*${name}${teams} · ${activityText(m.activity, m.idleDays)}${joined}`;
}

/** Lines joined into sections of at most SECTION_MAX characters. */
export function lineSections(lines: string[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let text = '';
  for (const line of lines.map((l) => (l.length > LINE_MAX ? `${l.slice(0, LINE_MAX - 1)}…` : l))) {
    if (text && text.length + line.length + 1 > SECTION_MAX) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
      text = '';
    }
    text = text ? `${text}\n${line}` : line;
  }
  if (text) blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
  return blocks;
}

/** The counts every seat message shows: used, each status with its share, the idle cost. */
export function countBlocks(s: SeatSummary): KnownBlock[] {
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${usedLine(s)}*` } },
    {
      type: 'section',
      fields: s.lines
        .slice(0, 10)
        .map((l) => ({ type: 'mrkdwn' as const, text: `*${l.label}*\n${countWithShare(l)}` })),
    },
  ];
  if (s.idleCost) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:moneybag: ${formatCount(s.idle)} idle seat${s.idle === 1 ? '' : 's'} (30+ days or never active) cost ${costLine(s.idleCost)}.`,
      },
    });
  }
  if (s.purchased === null) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `:information_source: ${NO_SEATS_CONFIGURED}` }],
    });
  }
  return blocks;
}

/** `/insights seats`: posted with the chart in the channel; counts only, so anyone may see it. */
export function seatsMessage(s: SeatSummary, view: ChartView<string>, requestedBy?: string): SlackMessage {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: plainCut(`${view.title} — ${s.org}`, 150) } },
  ];
  if (s.demo) blocks.push(demoNoticeBlock());
  blocks.push(...countBlocks(s));
  const context = [
    `${view.periodLabel} (${shortDay(view.from)} – ${shortDay(view.to)})`,
    `as of ${view.asOf}`,
  ];
  if (requestedBy) context.push(`requested by <@${requestedBy}>`);
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' · ') }] });
  return { text: fallbackText(view.summary), blocks };
}

/** For admins only (ephemeral): the longest idle members, by name, never with an email. */
export function idleListMessage(idle: IdleMember[], total: number, org: string): SlackMessage {
  if (total === 0) {
    return {
      text: fallbackText(
        `No idle seats in ${org}: every member was active in the last 30 days, is new or exempt.`,
      ),
      blocks: [],
    };
  }
  const more =
    total > idle.length ? ` The other ${formatCount(total - idle.length)}: \`/insights export seats\`.` : '';
  const heading = `*Idle seats in ${mrkdwnSafe(org, 60)}: the ${formatCount(idle.length)} longest idle of ${formatCount(total)}* (only you can see this).${more}`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: heading } },
    ...lineSections(idle.map(idleLine)),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Ask them by DM whether they still need their seat: `/insights seats ask 60d`. Exempt a service account: `/insights seats exempt <username>`.',
        },
      ],
    },
  ];
  return {
    text: fallbackText(
      `${formatCount(total)} idle seats in ${org}; the longest idle: ${idle
        .slice(0, 5)
        .map((m) => m.username)
        .join(', ')}`,
    ),
    blocks,
  };
}
