import { daily, provides, sliceData } from './chart-data.js';
import { buildChartView, compareWithPreviousPeriod, type FigureChange } from './charts.js';
import {
  CHARTS,
  type ChartName,
  type ChartView,
  DEMO_LABEL,
  type Graph,
  type InsightsData,
} from './insights.js';
import { addDays, type Day, PERIOD_DAYS, PERIOD_LABEL, type Period } from './period.js';

/**
 * `new`: the previous period had 0 (no percentage); `flat`: under half a percent either way, or (for a
 * percentage) the same value as shown.
 */
export type ChangeDirection = 'up' | 'down' | 'flat' | 'new';

/**
 * A figure's change from the previous period: relative for counts (`pct`, signed, one decimal; 0 for
 * `new`), in percentage points for a figure that is itself a percentage (`pts`): a success rate going
 * from 92.5% to 89.7% fell 2.8 points, not 3%.
 */
export type Change =
  | { direction: ChangeDirection; pct: number }
  | { direction: Exclude<ChangeDirection, 'new'>; pts: number };

export interface DigestFigure {
  label: string;
  /** Formatted for people, as on the chart. */
  value: string;
  /** Null for member-list figures (no history), text figures, and when the previous period is not loaded. */
  change: Change | null;
}

export interface DigestSection {
  chart: ChartName;
  title: string;
  figures: DigestFigure[];
}

/** One small graph of the combined digest image: a daily series and the figure it illustrates. */
export interface DigestTrend {
  chart: ChartName;
  figure: DigestFigure | null;
  graph: Graph;
  /** Why the graph is empty (what would provide it); null when it has data. */
  missing: string | null;
}

/** Plain data (it crosses a worker-thread boundary to be rendered). */
export interface Digest {
  org: string;
  /** The data day this digest is for (the source's "as of" day). */
  dataDay: Day;
  period: Period;
  periodLabel: string;
  from: Day;
  to: Day;
  /** The charts that have data, in the Insights page's order. */
  sections: DigestSection[];
  /** One sentence per chart with no data at all, saying what would provide it. */
  missing: string[];
  openAlerts: number;
  /** One-line text fallback for notifications and screen readers. */
  summary: string;
  /** Active users, builds, containers and pulls per day, for the combined image. */
  trends: DigestTrend[];
  /** Drawn from the built-in demo organization: the image and the message say DEMO_LABEL. */
  demo: boolean;
  /**
   * False when the open alerts are not part of it (the Home tab's headline: its image is reused all data
   * day while alerts come and go, and the tab lists them itself).
   */
  withAlerts?: boolean;
}

export const DEFAULT_DIGEST_PERIOD: Period = '1w';

const SPAN: Record<Period, string> = { '1w': 'week', '1m': 'month', '3m': '3 months' };
const MONTH_DAY = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** The days to load for a digest: its period and the one before it, for the changes. */
export function digestRange(period: Period, dataDay: Day): { from: Day; to: Day } {
  return { from: addDays(dataDay, -(2 * PERIOD_DAYS[period] - 1)), to: dataDay };
}

/** `week to Nov 20`, `month to Nov 20`, `3 months to Nov 20`. */
export function digestSpan(d: Pick<Digest, 'period' | 'dataDay'>): string {
  return `${SPAN[d.period]} to ${MONTH_DAY.format(new Date(`${d.dataDay}T00:00:00Z`))}`;
}

/** `Docker Insights — acme · week to Nov 20` */
export function digestTitle(d: Pick<Digest, 'org' | 'period' | 'dataDay'>): string {
  return `Docker Insights — ${d.org} · ${digestSpan(d)}`;
}

/** The digest file's title in Slack: `Demo data · Docker Insights — acme · week to Nov 20`, no figures. */
export function digestFileTitle(d: Pick<Digest, 'org' | 'period' | 'dataDay' | 'demo'>): string {
  return `${d.demo ? `${DEMO_LABEL} · ` : ''}${digestTitle(d)}`;
}

function toChange(c: FigureChange | undefined): Change | null {
  if (!c) return null;
  if (c.changePts !== null) {
    return { direction: c.changePts === 0 ? 'flat' : c.changePts > 0 ? 'up' : 'down', pts: c.changePts };
  }
  if (c.isNew) return { direction: 'new', pct: 0 };
  if (c.changePct === null) return null;
  const direction = Math.abs(c.changePct) < 0.5 ? 'flat' : c.changePct > 0 ? 'up' : 'down';
  return { direction, pct: c.changePct };
}

const ARROW = { up: '↑', down: '↓' } as const;
const ONE_DECIMAL = (n: number) => String(Math.round(n * 10) / 10);

/**
 * A change as people read it, the same in messages, images and the Home tab: `↑ 12%`, `↓ 3.4%` (counts,
 * relative), `↓ 2.8 pts`, `↑ 1 pt` (percentages, in points), `unchanged`, `new`; '' without a change.
 */
export function formatChange(change: Change | null): string {
  if (!change) return '';
  if (change.direction === 'new') return 'new';
  if (change.direction === 'flat') return 'unchanged';
  const arrow = ARROW[change.direction];
  if ('pts' in change) {
    const pts = Math.abs(change.pts);
    return `${arrow} ${ONE_DECIMAL(pts)} ${pts === 1 ? 'pt' : 'pts'}`;
  }
  const pct = Math.abs(change.pct);
  return `${arrow} ${pct >= 10 ? Math.round(pct) : ONE_DECIMAL(pct)}%`;
}

/** A figure with its change, for one line of text: `92.5% (unchanged)`, `19.7% (↓ 2.8 pts)`, `1,234 (↑ 12%)`. */
export function figureWithChange(value: string, change: Change | null): string {
  const text = formatChange(change);
  return text === '' ? value : `${value} (${text})`;
}

function section(view: ChartView, changes: FigureChange[]): DigestSection {
  return {
    chart: view.chart,
    title: view.title,
    figures: view.figures.map(({ label, value }) => ({
      label,
      value,
      change: toChange(changes.find((c) => c.label === label)),
    })),
  };
}

/** Which figure each trend illustrates, and which graph of its chart it draws. */
const TREND_FIGURE: Partial<Record<ChartName, string>> = {
  users: 'Active users',
  builds: 'Build success rate',
  containers: 'Containers run',
  images: 'Pulled',
};

function trend(view: ChartView, graph: Graph | undefined, sections: DigestSection[]): DigestTrend {
  const label = TREND_FIGURE[view.chart];
  const figure = sections.find((s) => s.chart === view.chart)?.figures.find((f) => f.label === label);
  const shown = graph ?? { kind: 'line', title: '', labels: [], series: [], yLabel: '' };
  const empty = shown.labels.length === 0 || shown.series.length === 0;
  return {
    chart: view.chart,
    figure: figure ?? null,
    graph: shown,
    missing: empty ? (view.missing ?? 'No data for this period.') : null,
  };
}

/** Pulls per day over the period: the images chart draws only the top images, the digest wants the trend. */
function pullsPerDay(data: InsightsData, view: ChartView): Graph {
  const graph: Graph = { kind: 'bar', title: 'Pulls per day', labels: [], series: [], yLabel: 'Pulls' };
  const slice = sliceData(data, view.from, view.to);
  if (!provides(slice, 'pulls')) return graph;
  return { ...graph, labels: slice.days, series: [{ name: 'Pulls', values: daily(slice, 'pulls') }] };
}

/**
 * The digest for the data's as-of day: each chart's headline figures with the change from the previous
 * period (load `digestRange` so both periods are there), the charts without data, and the daily trends.
 */
export function buildDigest(
  data: InsightsData,
  options: { period?: Period; openAlerts: number; demo?: boolean; withAlerts?: boolean },
): Digest {
  const period = options.period ?? DEFAULT_DIGEST_PERIOD;
  const views = CHARTS.map((chart) => buildChartView(chart, period, data));
  const sections: DigestSection[] = [];
  const missing: string[] = [];
  for (const view of views) {
    if (view.figures.length > 0) {
      sections.push(section(view, compareWithPreviousPeriod(view.chart, period, data)));
    } else {
      missing.push(`${view.title}: ${view.missing ?? 'no data for this period.'}`);
    }
  }
  const viewOf = (chart: ChartName) => views.find((v) => v.chart === chart) ?? views[0];
  const trends: DigestTrend[] = [];
  for (const chart of ['users', 'builds', 'containers', 'images'] as const) {
    const view = viewOf(chart);
    if (!view) continue;
    const graph = chart === 'images' ? pullsPerDay(data, view) : view.graphs[0];
    trends.push(trend(view, graph, sections));
  }
  const first = views[0];
  const base = {
    org: data.org,
    dataDay: data.asOf,
    period,
    periodLabel: PERIOD_LABEL[period],
    from: first?.from ?? data.asOf,
    to: first?.to ?? data.asOf,
  };
  const openAlerts = Math.max(0, Math.floor(options.openAlerts));
  const figures = sections.flatMap((s) => s.figures);
  const phrases = figures.map((f) => `${f.label} ${figureWithChange(f.value, f.change)}`);
  const alerts = `${openAlerts} open alert${openAlerts === 1 ? '' : 's'}`;
  const demo = options.demo ?? false;
  const withAlerts = options.withAlerts ?? true;
  const summary = [digestTitle(base), phrases.join(', ') || 'no figures from the configured sources']
    .concat(withAlerts ? [alerts] : [], `data as of ${data.asOf}`)
    .join(' · ');
  return {
    ...base,
    sections,
    missing,
    openAlerts,
    summary: demo ? `${DEMO_LABEL} · ${summary}` : summary,
    trends,
    demo,
    ...(withAlerts ? {} : { withAlerts }),
  };
}
