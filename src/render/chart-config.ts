import { type ChartView, DEMO_LABEL, type Graph } from '../domain/insights.js';
import { type Box, type GraphConfig, graphConfig, INK, MUTED, PALETTE, RULE } from './graph-config.js';

export type { Box, GraphConfig } from './graph-config.js';
export { FONT_FAMILY, PALETTE } from './graph-config.js';

export const CHART_WIDTH = 1200;
export const CHART_HEIGHT = 630;

/** One line (or, with `lineHeight`, a wrapped paragraph) of text painted straight onto the image. */
export interface TextOp {
  text: string;
  x: number;
  /** The alphabetic baseline of the first line. */
  y: number;
  size: number;
  bold: boolean;
  color: string;
  align: 'left' | 'center' | 'right';
  maxWidth: number;
  lineHeight?: number;
}

/** A short label on a filled, rounded box (the "Demo data" badge); the painter sizes the box to the text. */
export interface BadgeOp {
  text: string;
  /** The box's right edge (`align: 'right'`) or left edge. */
  x: number;
  /** The box's top. */
  y: number;
  size: number;
  color: string;
  background: string;
  align: 'left' | 'right';
}

/** Everything drawn around the graphs: background, header, footer, and "missing data" notes. */
export interface Frame {
  width: number;
  height: number;
  background: string;
  texts: TextOp[];
  /** Horizontal hairlines. */
  rules: Array<{ x: number; y: number; width: number; color: string }>;
  badges: BadgeOp[];
}

/**
 * The "Demo data" badge, its box's top right corner at (right, top): bold dark type on Docker's amber
 * (the palette's second colour), 24 px so it still reads when Slack shows the image at a third of its size.
 */
export function demoBadge(right: number, top: number): BadgeOp {
  return {
    text: DEMO_LABEL,
    x: right,
    y: top,
    size: 24,
    color: INK,
    background: PALETTE[1],
    align: 'right',
  };
}

/** The badge's box height and side padding for its type size (the painter and the layouts agree on it). */
export const badgeBox = (size: number) => ({
  height: Math.round(size * 1.7),
  padding: Math.round(size * 0.6),
});

/** Under the footer's right end in a demo chart: what the badge means and what to do about it. */
export const DEMO_FOOTER = 'Made-up figures: connect Docker to see your own';

export interface ChartSpec {
  /** Where the graph sits in the image. */
  box: Box;
  config: GraphConfig;
  /** Painted under the graph, in the coordinates of the canvas the graph is drawn on (its title). */
  texts: TextOp[];
  /** Write each bar's value at its end (horizontal bars: there is room, and it reads better than an axis). */
  valueLabels: boolean;
}

/**
 * How to draw one chart image: `primary` is laid out on the full-size canvas (its layout padding puts it in
 * its box, and the frame is painted under it); each of `insets` is drawn on a canvas of its box's size and
 * copied into place.
 */
export interface ChartLayout {
  frame: Frame;
  primary: ChartSpec | null;
  insets: ChartSpec[];
}

const MARGIN = 40;
const GAP = 40;
const HEADER_HEIGHT = 176;
const FOOTER_HEIGHT = 56;
/** Room at the footer's right end for DEMO_FOOTER (18 px bold is about 470 px wide). */
const DEMO_FOOTER_WIDTH = 500;

/** `last 30 days · 2026-10-22 – 2026-11-20 · data as of 2026-11-20` */
export function footerText(view: ChartView<string>): string {
  return `${view.periodLabel} · ${view.from} – ${view.to} · data as of ${view.asOf}`;
}

/** `Containers — acme`, unless the view's title already names the organization. */
export function headerTitle(view: ChartView<string>): string {
  return view.org === '' || view.title.endsWith(view.org) ? view.title : `${view.title} — ${view.org}`;
}

/** True when a graph has nothing to draw: no series, or (with a source missing) nothing but zeros. */
export function isEmptyGraph(graph: Graph, missing: string | null): boolean {
  const values = graph.series.flatMap((s) => s.values);
  if (values.length === 0 || graph.labels.length === 0) return true;
  return missing !== null && values.every((v) => v === 0);
}

function text(
  t: string,
  x: number,
  y: number,
  size: number,
  color: string,
  maxWidth: number,
  extra: Partial<TextOp> = {},
): TextOp {
  return { text: t, x, y, size, bold: false, color, align: 'left', maxWidth, ...extra };
}

function headerTexts(view: ChartView<string>, width: number): TextOp[] {
  const inner = width - 2 * MARGIN;
  const ops = [text(headerTitle(view), MARGIN, 50, 30, INK, inner - 320, { bold: true })];
  // A demo chart has the "Demo data" badge where the product name usually sits.
  if (!view.demo) {
    ops.push(
      text(view.kicker ?? 'Docker Desktop Insights', width - MARGIN, 50, 18, MUTED, 300, { align: 'right' }),
    );
  }
  const count = view.figures.length;
  const column = count <= 1 ? inner : Math.min(420, inner / count);
  view.figures.forEach((figure, i) => {
    const x = MARGIN + i * column;
    ops.push(text(figure.value, x, 114, 40, INK, column - 24, { bold: true }));
    ops.push(text(figure.label, x, 146, 18, MUTED, column - 24));
  });
  return ops;
}

function titleText(graph: Graph, box: Box): TextOp {
  return text(graph.title, box.x, box.y + 26, 20, INK, box.width, { bold: true });
}

/** The graph's title and the sentence saying which source would provide its data. */
function missingTexts(graph: Graph, box: Box, missing: string | null): TextOp[] {
  // The sentence may carry Slack mrkdwn (`code`, *bold*); in the image those marks are noise.
  const note = (missing ?? 'No data for this period.').replace(/[`*]/g, '');
  return [
    titleText(graph, box),
    text(note, box.x + box.width / 2, box.y + box.height / 2 - 10, 22, MUTED, Math.min(box.width - 40, 760), {
      align: 'center',
      lineHeight: 32,
    }),
  ];
}

/** Splits the graph area into one box per graph, side by side. */
function graphBoxes(count: number, width: number, height: number): Box[] {
  const top = HEADER_HEIGHT + 12;
  const boxHeight = height - top - FOOTER_HEIGHT - 8;
  const n = Math.max(1, count);
  const boxWidth = (width - 2 * MARGIN - (n - 1) * GAP) / n;
  return Array.from({ length: n }, (_, i) => ({
    x: Math.round(MARGIN + i * (boxWidth + GAP)),
    y: top,
    width: Math.round(boxWidth),
    height: boxHeight,
  }));
}

/** Turns a chart's graphs into Chart.js configurations and the frame around them, for one PNG. */
export function chartConfigs(
  view: ChartView<string>,
  size: { width: number; height: number } = { width: CHART_WIDTH, height: CHART_HEIGHT },
): ChartLayout {
  const { width, height } = size;
  const frame: Frame = {
    width,
    height,
    background: '#FFFFFF',
    texts: headerTexts(view, width),
    rules: [
      { x: MARGIN, y: HEADER_HEIGHT - 6, width: width - 2 * MARGIN, color: RULE },
      { x: MARGIN, y: height - FOOTER_HEIGHT + 4, width: width - 2 * MARGIN, color: RULE },
    ],
    badges: view.demo ? [demoBadge(width - MARGIN, 18)] : [],
  };
  const footerWidth = width - 2 * MARGIN - (view.demo ? DEMO_FOOTER_WIDTH : 0);
  frame.texts.push(text(footerText(view), MARGIN, height - 20, 18, MUTED, footerWidth));
  if (view.demo) {
    frame.texts.push(
      text(DEMO_FOOTER, width - MARGIN, height - 20, 18, INK, DEMO_FOOTER_WIDTH - 24, {
        align: 'right',
        bold: true,
      }),
    );
  }
  const boxes = graphBoxes(view.graphs.length, width, height);
  let primary: ChartSpec | null = null;
  const insets: ChartSpec[] = [];
  for (const [i, graph] of view.graphs.entries()) {
    const box = boxes[i];
    if (!box) continue;
    if (isEmptyGraph(graph, view.missing)) {
      frame.texts.push(...missingTexts(graph, box, view.missing));
      continue;
    }
    const valueLabels = graph.kind === 'horizontal-bar';
    if (primary === null) {
      const padding = {
        left: box.x,
        top: box.y,
        right: width - box.x - box.width,
        bottom: height - box.y - box.height,
      };
      primary = { box, config: graphConfig(graph, padding), texts: [titleText(graph, box)], valueLabels };
    } else {
      const origin = { ...box, x: 0, y: 0 };
      const config = graphConfig(graph, { left: 0, top: 0, right: 0, bottom: 0 });
      insets.push({ box, config, texts: [titleText(graph, origin)], valueLabels });
    }
  }
  return { frame, primary, insets };
}
