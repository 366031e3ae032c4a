import { createCanvas } from 'canvas';
import { type Digest, type DigestTrend, digestTitle, formatChange } from '../domain/digest.js';
import { shortDay } from '../domain/period.js';
import {
  type Box,
  type ChartLayout,
  type ChartSpec,
  demoBadge,
  type Frame,
  type TextOp,
} from './chart-config.js';
import { FONT_FAMILY, graphConfig, INK, MUTED, RULE } from './graph-config.js';
import { renderLayoutPng } from './render-chart.js';

export const DIGEST_WIDTH = 1200;
export const DIGEST_HEIGHT = 675;

const MARGIN = 40;
const HEADER_HEIGHT = 84;
const FOOTER_HEIGHT = 52;
const COLUMN_GAP = 48;
const ROW_GAP = 28;
/** Tile heading and big figure sit above the plot; the graph's title band starts under them. */
const TILE_HEAD = 50;
const VALUE_SIZE = 40;
/** The "Demo data" badge (24 px bold, padded) and a gap. */
const DEMO_BADGE_ROOM = 200;

const measure = createCanvas(1, 1).getContext('2d');

function textWidth(text: string, size: number, bold: boolean): number {
  measure.font = `${bold ? 'bold ' : ''}${size}px ${FONT_FAMILY}`;
  return measure.measureText(text).width;
}

function op(text: string, x: number, y: number, size: number, maxWidth: number, extra: Partial<TextOp> = {}) {
  return { text, x, y, size, bold: false, color: INK, align: 'left', maxWidth, ...extra } satisfies TextOp;
}

/** 2 × 2 tiles between the header and the footer. */
function tileBoxes(count: number): Box[] {
  const top = HEADER_HEIGHT + 16;
  const rows = Math.max(1, Math.ceil(count / 2));
  const height = (DIGEST_HEIGHT - top - FOOTER_HEIGHT - 12 - (rows - 1) * ROW_GAP) / rows;
  const width = (DIGEST_WIDTH - 2 * MARGIN - COLUMN_GAP) / 2;
  return Array.from({ length: count }, (_, i) => ({
    x: Math.round(MARGIN + (i % 2) * (width + COLUMN_GAP)),
    y: Math.round(top + Math.floor(i / 2) * (height + ROW_GAP)),
    width: Math.round(width),
    height: Math.round(height),
  }));
}

/** The tile's heading, big figure and change, in the tile's own coordinates. */
function headTexts(t: DigestTrend, periodLabel: string, width: number): TextOp[] {
  const heading = t.figure ? `${t.figure.label} · ${periodLabel}` : t.graph.title || t.chart;
  const ops = [op(heading, 0, 24, 20, width, { color: MUTED, bold: true })];
  if (!t.figure) return ops;
  const value = t.figure.value;
  ops.push(op(value, 0, 24 + VALUE_SIZE + 6, VALUE_SIZE, width / 2, { bold: true }));
  const change = formatChange(t.figure.change);
  if (change !== '') {
    const x = Math.min(textWidth(value, VALUE_SIZE, true), width / 2) + 14;
    ops.push(op(change, x, 24 + VALUE_SIZE + 4, 24, width / 2 - 14, { bold: true, color: MUTED }));
  }
  return ops;
}

function tile(t: DigestTrend, box: Box, periodLabel: string, frame: Frame): ChartSpec | null {
  const head = headTexts(t, periodLabel, box.width);
  if (t.missing !== null) {
    frame.texts.push(...head.map((h) => ({ ...h, x: h.x + box.x, y: h.y + box.y })));
    // The sentence may carry Slack mrkdwn (`code`); in the image those marks are noise.
    const note = t.missing.replace(/[`*]/g, '');
    const centre = box.y + (box.height + TILE_HEAD + 40) / 2;
    frame.texts.push(
      op(note, box.x + box.width / 2, centre, 18, box.width - 40, {
        color: MUTED,
        align: 'center',
        lineHeight: 26,
      }),
    );
    return null;
  }
  const top = t.figure ? TILE_HEAD + 12 : 0;
  // No axis title in a small tile: the heading says what is counted.
  const config = graphConfig({ ...t.graph, yLabel: '' }, { left: 0, top, right: 0, bottom: 0 });
  return { box, config, texts: head, valueLabels: false };
}

/** How to draw the digest image: a header, four small per-day graphs with their figures, a footer. */
export function digestLayout(d: Digest): ChartLayout {
  const inner = DIGEST_WIDTH - 2 * MARGIN;
  const alerts =
    d.withAlerts === false ? '' : ` · ${d.openAlerts} open alert${d.openAlerts === 1 ? '' : 's'}`;
  const footer = `${d.periodLabel} (${shortDay(d.from)} – ${shortDay(d.to)}) · graphs per day · data as of ${d.dataDay}${alerts}`;
  const frame: Frame = {
    width: DIGEST_WIDTH,
    height: DIGEST_HEIGHT,
    background: '#FFFFFF',
    texts: [
      // A demo digest has the "Demo data" badge at the title's right.
      op(digestTitle(d), MARGIN, 54, 32, d.demo ? inner - DEMO_BADGE_ROOM : inner, { bold: true }),
      op(footer, MARGIN, DIGEST_HEIGHT - 18, 18, inner, { color: MUTED }),
    ],
    rules: [
      { x: MARGIN, y: HEADER_HEIGHT, width: inner, color: RULE },
      { x: MARGIN, y: DIGEST_HEIGHT - FOOTER_HEIGHT + 4, width: inner, color: RULE },
    ],
    badges: d.demo ? [demoBadge(DIGEST_WIDTH - MARGIN, 22)] : [],
  };
  const boxes = tileBoxes(d.trends.length);
  const insets: ChartSpec[] = [];
  d.trends.forEach((t, i) => {
    const box = boxes[i];
    const spec = box ? tile(t, box, d.periodLabel, frame) : null;
    if (spec) insets.push(spec);
  });
  return { frame, primary: null, insets };
}

/** The digest's one combined image (1200×675 PNG): legible when Slack shows it small. */
export function renderDigestPng(d: Digest): Buffer {
  return renderLayoutPng(digestLayout(d));
}
