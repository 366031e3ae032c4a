import type { KnownBlock } from '@slack/types';
import { formatCount } from '../domain/format.js';
import { type SeatReport, seatReportTitle } from '../domain/seat-report.js';
import { formatDelta, formatPoints } from '../domain/seat-summary.js';
import type { SlackMessage } from './blocks.js';
import { demoNoticeBlock } from './demo-notice.js';
import { countBlocks, idleLine, lineSections } from './seats-blocks.js';
import { fallbackText, plainCut } from './slack-text.js';

/** `Since Nov 16: utilization +2.4 pts (230 → 236 of 250 used), idle seats −3.` */
export function changeLine(r: SeatReport): string {
  const b = r.baseline;
  if (!b) return 'This is the first seat report: the next one says what changed since.';
  const s = r.summary;
  const since = `Since ${b.day}`;
  const used = `${formatCount(b.used)} → ${formatCount(s.used)}${s.purchased ? ` of ${formatCount(s.purchased)}` : ''} used`;
  const idle = `idle seats ${formatDelta(s.idle - b.idle)} (now ${formatCount(s.idle)})`;
  if (s.purchased && b.purchased) {
    const points = formatPoints(s.used / s.purchased - b.used / b.purchased);
    return `${since}: utilization ${points} (${used}), ${idle}.`;
  }
  return `${since}: seats used ${formatDelta(s.used - b.used)} (${used}), ${idle}.`;
}

/** The weekly or monthly seat report; names (never emails) only where `r.idle` is given. */
export function seatReportMessage(r: SeatReport): SlackMessage {
  const title = seatReportTitle(r);
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: plainCut(title, 150) } }];
  if (r.demo) blocks.push(demoNoticeBlock());
  blocks.push({
    type: 'section',
    text: { type: 'mrkdwn', text: `:chart_with_upwards_trend: ${changeLine(r)}` },
  });
  blocks.push(...countBlocks(r.summary));
  if (r.idle && r.idle.length > 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*The ${r.idle.length} longest idle*` } });
    blocks.push(...lineSections(r.idle.map(idleLine)));
  }
  const hint = r.idle
    ? '`/insights seats ask 60d` asks idle members by DM whether they still need their seat.'
    : 'Names stay with admins: `/insights seats` shows them the longest idle members.';
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `${hint} \`/insights seats\` has the chart.` }],
  });
  const text = `${r.demo ? 'Demo data · ' : ''}${title}: ${formatCount(r.summary.used)} seats used${r.summary.purchased ? ` of ${formatCount(r.summary.purchased)}` : ''}, ${formatCount(r.summary.idle)} idle. ${changeLine(r)}`;
  return { text: fallbackText(text, 1000), blocks };
}
