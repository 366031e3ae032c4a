import { Canvas, type CanvasRenderingContext2D, type PngConfig } from 'canvas';
import type { Chart, ChartConfiguration, Plugin } from 'chart.js';
import { ChartJSNodeCanvas } from 'chartjs-node-canvas';
import type { ChartView } from '../domain/insights.js';
import {
  type BadgeOp,
  badgeBox,
  CHART_HEIGHT,
  CHART_WIDTH,
  type ChartLayout,
  type ChartSpec,
  chartConfigs,
  type Frame,
  type TextOp,
} from './chart-config.js';
import { FONT_FAMILY, INK } from './graph-config.js';

/**
 * No row filters and zlib level 3: on chart images (large flat areas) this encodes a 1200×630 canvas in
 * ~2.5 ms instead of ~20 ms (default: all filters, level 6), for files of 50–90 KB instead of 40–75 KB.
 */
const PNG_OPTIONS: PngConfig = { compressionLevel: 3, filters: Canvas.PNG_FILTER_NONE };
const VALUE_FORMAT = new Intl.NumberFormat('en');

function fontOf(size: number, bold: boolean): string {
  return `${bold ? 'bold ' : ''}${size}px ${FONT_FAMILY}`;
}

function wrap(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line === '' ? word : `${line} ${word}`;
    if (line !== '' && ctx.measureText(next).width > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Sets the font for `op`, shrinking it (to 3/4 at most) and then cutting the text until it fits. */
function fitText(ctx: CanvasRenderingContext2D, op: TextOp): string {
  let size = op.size;
  ctx.font = fontOf(size, op.bold);
  while (ctx.measureText(op.text).width > op.maxWidth && size - 2 >= op.size * 0.75) {
    size -= 2;
    ctx.font = fontOf(size, op.bold);
  }
  let text = op.text;
  if (ctx.measureText(text).width <= op.maxWidth) return text;
  while (text.length > 1 && ctx.measureText(`${text}…`).width > op.maxWidth) text = text.slice(0, -1);
  return `${text.trimEnd()}…`;
}

/** A filled, rounded box sized to the text, the text centred on it. */
function paintBadge(ctx: CanvasRenderingContext2D, badge: BadgeOp): void {
  const { height, padding } = badgeBox(badge.size);
  ctx.font = fontOf(badge.size, true);
  const width = Math.ceil(ctx.measureText(badge.text).width) + 2 * padding;
  const left = badge.align === 'right' ? badge.x - width : badge.x;
  ctx.fillStyle = badge.background;
  ctx.beginPath();
  ctx.roundRect(left, badge.y, width, height, Math.round(height / 4));
  ctx.fill();
  ctx.fillStyle = badge.color;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(badge.text, left + width / 2, badge.y + height / 2 + 1);
}

/** Paints the background, header, footer and notes of `frame`. */
function paintFrame(ctx: CanvasRenderingContext2D, frame: Frame): void {
  ctx.save();
  ctx.fillStyle = frame.background;
  ctx.fillRect(0, 0, frame.width, frame.height);
  for (const rule of frame.rules) {
    ctx.fillStyle = rule.color;
    ctx.fillRect(rule.x, rule.y, rule.width, 1);
  }
  ctx.textBaseline = 'alphabetic';
  for (const op of frame.texts) {
    ctx.fillStyle = op.color;
    ctx.textAlign = op.align;
    const { lineHeight } = op;
    if (lineHeight === undefined) {
      ctx.fillText(fitText(ctx, op), op.x, op.y);
      continue;
    }
    ctx.font = fontOf(op.size, op.bold);
    const lines = wrap(ctx, op.text, op.maxWidth);
    const top = op.y - ((lines.length - 1) * lineHeight) / 2;
    lines.forEach((line, i) => {
      ctx.fillText(line, op.x, top + i * lineHeight, op.maxWidth);
    });
  }
  for (const badge of frame.badges) paintBadge(ctx, badge);
  ctx.restore();
}

function framePlugin(frame: Frame): Plugin {
  // Chart.js clears the whole canvas before each draw; painting here puts the frame under the graph.
  return {
    id: 'insightsFrame',
    beforeDraw: (chart) => paintFrame(chart.ctx as CanvasRenderingContext2D, frame),
  };
}

const valueLabels: Plugin = {
  id: 'insightsValueLabels',
  afterDatasetsDraw(chart) {
    const ctx = chart.ctx;
    ctx.save();
    ctx.font = fontOf(20, false);
    ctx.fillStyle = INK;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    chart.data.datasets.forEach((dataset, i) => {
      chart.getDatasetMeta(i).data.forEach((bar, j) => {
        const value = dataset.data[j];
        if (typeof value === 'number') ctx.fillText(VALUE_FORMAT.format(value), bar.x + 8, bar.y);
      });
    });
    ctx.restore();
  },
};

/** A ChartJSNodeCanvas that draws several graphs and a frame onto one canvas and encodes it once. */
class ChartPainter extends ChartJSNodeCanvas {
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    super({ width, height });
  }

  /**
   * One canvas per size, reused: node-canvas does not tell V8 about a surface's memory, so a new 3 MB
   * canvas per chart piles up until some later collection frees it (20 charts cost the bot ~30 MB).
   */
  private readonly canvases = new Map<string, ReturnType<ChartJSNodeCanvas['_createCanvas']>>();

  /** A blank canvas of this size: setting `width` clears it and resets the context's state. */
  private canvas(width: number, height: number) {
    const key = `${width}x${height}`;
    let canvas = this.canvases.get(key);
    if (!canvas) {
      canvas = this._createCanvas(width, height);
      this.canvases.set(key, canvas);
    } else {
      canvas.width = width;
    }
    return canvas;
  }

  render(layout: ChartLayout): Buffer {
    const canvas = this.canvas(this.width, this.height);
    // RGB24: the image is opaque, and without alpha the PNG encoder skips un-premultiplying every pixel.
    const ctx = canvas.getContext('2d', { pixelFormat: 'RGB24' });
    const charts: Chart[] = [];
    try {
      const { frame, primary } = layout;
      if (primary) {
        charts.push(this.draw(ctx, primary, { ...frame, texts: [...frame.texts, ...primary.texts] }));
      } else {
        paintFrame(ctx, frame);
      }
      for (const inset of layout.insets) {
        const { width, height } = inset.box;
        const sub = this.canvas(width, height);
        const subFrame = { ...frame, width, height, texts: inset.texts, rules: [], badges: [] };
        // Drawn, copied, released: the next inset of the same size reuses the canvas.
        const chart = this.draw(sub.getContext('2d', { pixelFormat: 'RGB24' }), inset, subFrame);
        ctx.drawImage(sub, inset.box.x, inset.box.y);
        chart.destroy();
      }
      return canvas.toBuffer('image/png', PNG_OPTIONS);
    } finally {
      for (const chart of charts) chart.destroy();
    }
  }

  private draw(ctx: CanvasRenderingContext2D, spec: ChartSpec, frame: Frame): Chart {
    const plugins = spec.valueLabels ? [framePlugin(frame), valueLabels] : [framePlugin(frame)];
    const config = { ...spec.config, plugins } as ChartConfiguration;
    // Chart.js draws synchronously in its constructor when animation is off.
    return new this._chartJs(ctx, config);
  }
}

const painters = new Map<string, ChartPainter>();

/** Loads Chart.js for the default size ahead of the first chart (a worker does this while it starts). */
export function warmUpRenderer(): void {
  painter(CHART_WIDTH, CHART_HEIGHT);
}

function painter(width: number, height: number): ChartPainter {
  const key = `${width}x${height}`;
  let found = painters.get(key);
  if (!found) {
    // One per size: each ChartJSNodeCanvas loads its own copy of Chart.js, which is the slow part.
    found = new ChartPainter(width, height);
    painters.set(key, found);
  }
  return found;
}

/** Renders a chart (header with the key figures, one or two graphs, footer) to a PNG. */
export function renderChartPng(
  view: ChartView<string>,
  options: { width?: number; height?: number } = {},
): Buffer {
  const width = options.width ?? CHART_WIDTH;
  const height = options.height ?? CHART_HEIGHT;
  return painter(width, height).render(chartConfigs(view, { width, height }));
}

/** Renders a prepared layout (frame and graphs) to a PNG of the frame's size: images other than one chart. */
export function renderLayoutPng(layout: ChartLayout): Buffer {
  return painter(layout.frame.width, layout.frame.height).render(layout);
}
