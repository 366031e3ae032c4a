import { buildChartView } from './charts.js';
import type { ChartName, ChartView, InsightsSource } from './insights.js';
import { addDays, PERIOD_DAYS, type Period } from './period.js';

/**
 * Reads the period (and the one before it, for comparisons) from a source; null when it has no data yet.
 * A chart of the built-in demo organization is marked as demo data.
 */
export async function loadChartView(
  source: InsightsSource,
  chart: ChartName,
  period: Period,
  now: Date,
): Promise<ChartView | null> {
  const asOf = await source.dataAsOf(now);
  if (!asOf) return null;
  const data = await source.load({ from: addDays(asOf, -(2 * PERIOD_DAYS[period] - 1)), to: asOf }, now);
  return buildChartView(chart, period, data, { demo: source.kind === 'demo' });
}
