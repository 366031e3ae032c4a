import type { KnownBlock, SectionBlock } from '@slack/types';
import { type Digest, type DigestFigure, digestTitle, figureWithChange } from '../domain/digest.js';
import { CHARTS } from '../domain/insights.js';
import { shortDay } from '../domain/period.js';
import type { SlackMessage } from './blocks.js';
import { demoNoticeBlock } from './demo-notice.js';
import { fallbackText, mrkdwnSafe, plainCut } from './slack-text.js';

/**
 * Slack's limits: header ≤150 chars, ≤10 fields per section, ≤50 blocks, and an undocumented cap of about
 * 12,000 characters of text across all blocks (`msg_blocks_too_long`). Every piece is cut so the whole
 * message stays under ~8,900 characters whatever the organization and the figures are called.
 */
const HEADER_MAX = 150;
const FIELDS_MAX = 10;
const LABEL_MAX = 48;
const VALUE_MAX = 48;
const TITLE_MAX = 80;
const NOTE_MAX = 1500;
const CONTEXT_MAX = 300;
const TEXT_MAX = 1000;
/** One section per chart: six at most (6 × (80 + 10 × 102) + 1,500 + 150 + 300 + the demo line < 8,900 characters). */
const SECTIONS_MAX = CHARTS.length;

/** A figure as a section field: label, value and its change (the Home tab shows the same). */
export function fieldText(f: DigestFigure): string {
  const line = figureWithChange(f.value, f.change);
  return `*${mrkdwnSafe(f.label, LABEL_MAX)}*\n${mrkdwnSafe(line, VALUE_MAX)}`;
}

/** The digest post: a header, one section of figures per chart, the missing sources, and a context line. */
export function digestMessage(d: Digest): SlackMessage {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: plainCut(digestTitle(d), HEADER_MAX), emoji: true } },
  ];
  if (d.demo) blocks.push(demoNoticeBlock());
  for (const s of d.sections.slice(0, SECTIONS_MAX)) {
    const block: SectionBlock = {
      type: 'section',
      text: { type: 'mrkdwn', text: `*${mrkdwnSafe(s.title, TITLE_MAX)}*` },
    };
    if (s.figures.length > 0) {
      block.fields = s.figures.slice(0, FIELDS_MAX).map((f) => ({ type: 'mrkdwn', text: fieldText(f) }));
    }
    blocks.push(block);
  }
  if (d.sections.length === 0) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: 'No figures from the configured sources yet.' },
    });
  }
  if (d.missing.length > 0) {
    const note = mrkdwnSafe(d.missing.join('\n'), NOTE_MAX);
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `:information_source: ${note}` }] });
  }
  const alerts = `${d.openAlerts} open alert${d.openAlerts === 1 ? '' : 's'}`;
  const context = `${d.periodLabel} (${shortDay(d.from)} – ${shortDay(d.to)}) · data as of ${d.dataDay} · ${alerts}`;
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwnSafe(context, CONTEXT_MAX) }] });
  return { text: fallbackText(d.summary, TEXT_MAX), blocks };
}
