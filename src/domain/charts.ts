import { sliceData } from './chart-data.js';
import type { Builder, ChartParts, FigureOptions, Gap } from './chart-parts.js';
import { closest } from './did-you-mean.js';
import { builds, containers, users } from './figures-activity.js';
import { extensions, images, usage } from './figures-usage.js';
import { CHARTS, type ChartName, type ChartView, DEMO_LABEL, type InsightsData } from './insights.js';
import { addDays, PERIOD_DAYS, PERIOD_LABEL, type Period, periodRange } from './period.js';

export const CHART_TITLE: Record<ChartName, string> = {
  users: 'Docker Desktop users',
  builds: 'Builds',
  containers: 'Containers',
  usage: 'Docker Desktop usage',
  images: 'Docker Hub images',
  extensions: 'Extensions',
};

const BUILDERS: Record<ChartName, Builder> = { users, builds, containers, usage, images, extensions };

function partsFor(
  chart: ChartName,
  data: InsightsData,
  from: string,
  to: string,
  options: FigureOptions = {},
) {
  return BUILDERS[chart](sliceData(data, from, to), options);
}

/**
 * The chart for the `period` ending at the data's as-of day: key figures, graphs, and what is missing.
 * `demo`: the data is the built-in demo organization's, so the chart says so.
 */
export function buildChartView(
  chart: ChartName,
  period: Period,
  data: InsightsData,
  options: { demo?: boolean } = {},
): ChartView {
  const demo = options.demo ?? false;
  const { from, to } = periodRange(period, data.asOf);
  const parts = partsFor(chart, data, from, to);
  const title = CHART_TITLE[chart];
  const periodLabel = PERIOD_LABEL[period];
  const phrases = parts.figures.map((f) => f.phrase).join(', ') || 'no figures from the configured sources';
  return {
    chart,
    title,
    org: data.org,
    period,
    periodLabel,
    from,
    to,
    asOf: data.asOf,
    figures: parts.figures.map(({ label, value }) => ({ label, value })),
    graphs: parts.graphs,
    missing: describeGaps(parts.gaps),
    summary: `${demo ? `${DEMO_LABEL} · ` : ''}${title} · ${periodLabel} · ${phrases} · data as of ${data.asOf} (${data.org})`,
    demo,
  };
}

/**
 * The chart file's title in Slack: what it is, short (`Containers · acme · last 30 days`). The figures are in
 * the message and the image already; a third copy in the title only made it long.
 */
export function chartFileTitle(view: Pick<ChartView, 'title' | 'org' | 'periodLabel' | 'demo'>): string {
  return `${view.demo ? `${DEMO_LABEL} · ` : ''}${view.title} · ${view.org} · ${view.periodLabel}`;
}

/** The headline figures only (label and formatted value), e.g. for a digest line. */
export function headlineFigures(chart: ChartName, period: Period, data: InsightsData): ChartParts['figures'] {
  const { from, to } = periodRange(period, data.asOf);
  return partsFor(chart, data, from, to).figures;
}

export interface FigureChange {
  label: string;
  /** As shown on the chart. */
  value: string;
  /** Percentage change from the previous period, one decimal; null when it can't be computed (and for percentages). */
  changePct: number | null;
  /**
   * For a figure that is itself a percentage (a success rate): its change in percentage points, between the
   * values as shown (one decimal), so 92.5% → 92.5% is 0; null when it can't be computed (and for counts).
   */
  changePts: number | null;
  /** True when the previous period had 0 and this one has more (no percentage: it is new). */
  isNew: boolean;
}

/**
 * Each numeric figure of this period with its change from the period before (the data must reach back
 * that far). Changes count active users from daily points on both sides: members' "last seen" only says
 * who was active lately. Member-list figures have no history, so their change is null.
 */
export function compareWithPreviousPeriod(
  chart: ChartName,
  period: Period,
  data: InsightsData,
): FigureChange[] {
  const { from, to } = periodRange(period, data.asOf);
  const prevTo = addDays(from, -1);
  const prevFrom = addDays(from, -PERIOD_DAYS[period]);
  const options = { pointsOnly: true };
  const shown = partsFor(chart, data, from, to).figures;
  const current = partsFor(chart, data, from, to, options).figures;
  const previous = data.from <= prevFrom ? partsFor(chart, data, prevFrom, prevTo, options).figures : [];
  const out: FigureChange[] = [];
  for (const figure of shown) {
    if (figure.amount === undefined) continue;
    const base = { label: figure.label, value: figure.value, changePct: null, changePts: null, isNew: false };
    if (figure.snapshot) {
      out.push(base);
      continue;
    }
    const now = current.find((f) => f.label === figure.label)?.amount;
    const before = previous.find((f) => f.label === figure.label)?.amount;
    if (figure.percent) {
      const shown = (x: number) => Math.round(x * 10);
      const changePts = now === undefined || before === undefined ? null : (shown(now) - shown(before)) / 10;
      out.push({ ...base, changePts });
      continue;
    }
    const changePct =
      now === undefined || before === undefined || before === 0
        ? null
        : Math.round(((now - before) / before) * 1000) / 10;
    const isNew = before === 0 && now !== undefined && now > 0;
    out.push({ ...base, changePct, isNew });
  }
  return out;
}

/** One sentence per source that would fill the gaps, e.g. "No configured source provides pushed images; …". */
export function describeGaps(gaps: readonly Gap[]): string | null {
  if (gaps.length === 0) return null;
  const byProvider = new Map<string, string[]>();
  for (const { what, provider } of gaps) {
    const list = byProvider.get(provider) ?? [];
    if (!list.includes(what)) list.push(what);
    byProvider.set(provider, list);
  }
  return [...byProvider]
    .map(([provider, whats]) => {
      const list =
        whats.length === 1 ? whats.join('') : `${whats.slice(0, -1).join(', ')} and ${whats.at(-1)}`;
      return `No configured source provides ${list}; ${provider} would provide ${whats.length === 1 ? 'it' : 'them'}.`;
    })
    .join(' ');
}

/** "Did you mean …?" for a mistyped chart name. */
export function suggestChart(input: string): ChartName | undefined {
  return closest(input, CHARTS);
}
