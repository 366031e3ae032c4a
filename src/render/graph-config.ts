import type { ChartConfiguration, ChartDataset, FontSpec, Tick } from 'chart.js';
import type { Graph, Series } from '../domain/insights.js';
import { shortDay } from '../domain/period.js';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type GraphConfig = ChartConfiguration<'bar'> | ChartConfiguration<'line'>;

/** DejaVu Sans ships with Debian (fonts-dejavu-core); the generic family is the fallback elsewhere. */
export const FONT_FAMILY = "'DejaVu Sans', sans-serif";

export const INK = '#111827';
export const MUTED = '#4B5563';
export const RULE = '#E5E7EB';
export const FAILED = '#D92D20';
/** Docker blue first; then a contrasting amber, navy and greys, so neighbouring series stay distinct. */
export const PALETTE = ['#1D63ED', '#E08600', '#0B2D71', '#7A8494', '#8DB1F7', '#B8BEC8'] as const;

const COMPACT = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const MAX_NAME = 26;

export function font(size: number, bold = false): Partial<FontSpec> {
  return { family: FONT_FAMILY, size, weight: bold ? 'bold' : 'normal', lineHeight: 1.2 };
}

/**
 * Colours for series named by version (Docker blue, then the Okabe–Ito colours, told apart with colour-blind
 * eyes too): distinct from each other and from grey ("Other").
 */
export const VERSION_PALETTE = [
  '#1D63ED',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#0B2D71',
  '#F0E442',
] as const;
export const OTHER = '#B8BEC8';

/**
 * A version's own colour slot: consecutive releases (4.52, 4.53) get neighbouring slots, so the versions
 * an organization runs at once differ; anything else by a hash of its name. Never depends on the period.
 */
function versionSlot(name: string): number {
  const m = /^v?(\d+)\.(\d+)/.exec(name);
  if (m) return (Number(m[1]) * 31 + Number(m[2])) % VERSION_PALETTE.length;
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return hash % VERSION_PALETTE.length;
}

/**
 * The colour of each series of a `colorByName` graph: its version's slot; when two shown versions share a
 * slot, the older (later in the list, which is newest first) takes the next free one.
 */
export function colorsByName(names: readonly string[]): Map<string, string> {
  const colors = new Map<string, string>();
  const taken = new Set<number>();
  for (const name of names) {
    if (name === 'Other') {
      colors.set(name, OTHER);
      continue;
    }
    let slot = versionSlot(name);
    for (let i = 0; i < VERSION_PALETTE.length && taken.has(slot); i++) {
      slot = (slot + 1) % VERSION_PALETTE.length;
    }
    taken.add(slot);
    colors.set(name, VERSION_PALETTE[slot] ?? OTHER);
  }
  return colors;
}

export function seriesColor(series: Series, index: number): string {
  if (series.color) return series.color;
  if (/fail/i.test(series.name)) return FAILED;
  return PALETTE[index % PALETTE.length] ?? PALETTE[0];
}

/** Each series' colour: by name for versions, else by place (failures red). */
function seriesColors(graph: Graph): string[] {
  if (!graph.colorByName) return graph.series.map((s, i) => seriesColor(s, i));
  const byName = colorsByName(graph.series.map((s) => s.name));
  return graph.series.map((s) => byName.get(s.name) ?? OTHER);
}

function shortName(name: string): string {
  return name.length <= MAX_NAME ? name : `${name.slice(0, MAX_NAME - 1)}…`;
}

function valueTicks(value: number | string): string {
  return typeof value === 'number' ? COMPACT.format(value) : value;
}

/**
 * Slack shows a 1200-px-wide image at about 390 px on a phone, a third of its size: 24-px type is about 8 px
 * there, the smallest that still reads, so ticks and legends are no smaller.
 */
export const PHONE_READABLE = 24;

const ticks = { font: font(PHONE_READABLE), color: MUTED, padding: 8 };

function valueAxis(graph: Graph, stacked: boolean) {
  return {
    beginAtZero: true,
    stacked,
    grace: '5%',
    grid: { color: RULE, drawTicks: false },
    border: { display: false },
    ticks: {
      ...ticks,
      maxTicksLimit: 6,
      callback: (value: number | string, _i: number, _t: Tick[]) => valueTicks(value),
    },
    title: { display: graph.yLabel !== '', text: graph.yLabel, font: font(20), color: MUTED },
  };
}

function categoryAxis(stacked: boolean, horizontal: boolean) {
  return {
    stacked,
    grid: { display: false },
    border: { color: '#9CA3AF' },
    // Ten image names must all show: a little smaller, never skipped.
    ticks: horizontal
      ? { ...ticks, font: font(20), color: INK, autoSkip: false }
      : { ...ticks, maxRotation: 0, autoSkip: true, autoSkipPadding: 24 },
  };
}

/** Height of the band above the plot that holds the graph's title (painted by the frame) and its legend. */
export const TITLE_BAND = 52;

/**
 * A few series share the title's row; more (versions) get a column at the plot's right, where six names in
 * phone-readable type fit, so nothing overlaps.
 */
function legendOnTop(graph: Graph): boolean {
  const entries = graph.series.length + (graph.lines?.length ?? 0);
  return entries > 1 && entries <= 3;
}

function plugins(graph: Graph) {
  return {
    // The title is painted with the frame, so it can share its row with the legend.
    title: { display: false },
    legend: {
      display: graph.series.length + (graph.lines?.length ?? 0) > 1,
      position: legendOnTop(graph) ? ('top' as const) : ('right' as const),
      align: legendOnTop(graph) ? ('end' as const) : ('center' as const),
      labels: {
        font: font(PHONE_READABLE),
        color: INK,
        boxWidth: PHONE_READABLE,
        boxHeight: PHONE_READABLE,
        padding: 12,
      },
    },
    tooltip: { enabled: false },
  };
}

const base = { animation: false as const, responsive: false, devicePixelRatio: 1, events: [] };

type Padding = { left: number; top: number; right: number; bottom: number };

/** Room for the title row: the legend fills it when there is one, padding otherwise. */
function layout(graph: Graph, padding: Padding) {
  const legendHeight = legendOnTop(graph) ? 48 : 0;
  return { padding: { ...padding, top: padding.top + TITLE_BAND - legendHeight } };
}

function lineConfig(graph: Graph, padding: Padding): ChartConfiguration<'line'> {
  const single = graph.series.length === 1;
  const colors = seriesColors(graph);
  const datasets: ChartDataset<'line', number[]>[] = graph.series.map((s, i) => {
    const color = colors[i] ?? PALETTE[0];
    return {
      label: s.name,
      data: s.values,
      borderColor: color,
      backgroundColor: single ? 'rgba(29, 99, 237, 0.10)' : color,
      fill: single ? 'origin' : false,
      borderWidth: 3,
      pointRadius: graph.labels.length <= 14 ? 4 : 0,
      pointBackgroundColor: color,
    };
  });
  return {
    type: 'line',
    data: { labels: graph.labels.map(shortDay), datasets },
    options: {
      ...base,
      layout: layout(graph, padding),
      scales: { x: categoryAxis(false, false), y: valueAxis(graph, false) },
      plugins: plugins(graph),
    },
  };
}

function barConfig(graph: Graph, padding: Padding): ChartConfiguration<'bar'> {
  const horizontal = graph.kind === 'horizontal-bar';
  const stacked = graph.kind === 'stacked-bar';
  const colors = seriesColors(graph);
  const datasets: ChartDataset<'bar', number[]>[] = graph.series.map((s, i) => ({
    label: s.name,
    data: s.values,
    backgroundColor: colors[i] ?? PALETTE[0],
    borderWidth: 0,
    categoryPercentage: horizontal ? 0.75 : 0.85,
    barPercentage: 0.9,
    maxBarThickness: horizontal ? 36 : 48,
  }));
  // Lines over the bars (seats: the purchased seats): a mixed chart, drawn on top, not stacked.
  const lines = (graph.lines ?? []).map(
    (s, i) =>
      ({
        type: 'line',
        label: s.name,
        data: s.values,
        borderColor: seriesColor(s, graph.series.length + i),
        backgroundColor: seriesColor(s, graph.series.length + i),
        borderWidth: 3,
        borderDash: [10, 6],
        pointRadius: 0,
        stack: `line-${i}`,
        order: -1,
      }) as unknown as ChartDataset<'bar', number[]>,
  );
  datasets.push(...lines);
  const labels = horizontal ? graph.labels.map(shortName) : graph.labels.map(shortDay);
  const category = categoryAxis(stacked, horizontal);
  const value = valueAxis(graph, stacked);
  return {
    type: 'bar',
    data: { labels, datasets },
    options: {
      ...base,
      indexAxis: horizontal ? 'y' : 'x',
      layout: layout(graph, padding),
      // Horizontal bars carry their values at their ends, so leave room for them past the longest bar.
      scales: horizontal ? { y: category, x: { ...value, grace: '14%' } } : { x: category, y: value },
      plugins: withLinesLast(plugins(graph), lines.length > 0),
    },
  };
}

/** The legend lists the lines over the bars after the bars (their `order` draws them on top, which also lists them first). */
function withLinesLast(p: ReturnType<typeof plugins>, lines: boolean): ReturnType<typeof plugins> {
  if (!lines) return p;
  const labels = {
    ...p.legend.labels,
    sort: (a: { datasetIndex?: number }, b: { datasetIndex?: number }) =>
      (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0),
  };
  return { ...p, legend: { ...p.legend, labels } };
}

/** The Chart.js configuration of one graph; `padding` places it inside the canvas it is drawn on. */
export function graphConfig(graph: Graph, padding: Padding): GraphConfig {
  return graph.kind === 'line' ? lineConfig(graph, padding) : barConfig(graph, padding);
}
