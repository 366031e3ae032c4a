import type { InsightsData, Metric } from './insights.js';
import { type Day, daysBetween } from './period.js';

/** The points of one day range, indexed by metric, key and day. */
export interface Slice {
  data: InsightsData;
  from: Day;
  to: Day;
  days: Day[];
  /** metric → key → one value per day of `days` (0 where a provided metric has no row). */
  series: Map<Metric, Map<string, number[]>>;
}

export function sliceData(data: InsightsData, from: Day, to: Day): Slice {
  const days = daysBetween(from, to);
  const index = new Map(days.map((day, i) => [day, i]));
  const series = new Map<Metric, Map<string, number[]>>();
  for (const point of data.points) {
    const i = index.get(point.day);
    if (i === undefined) continue;
    let byKey = series.get(point.metric);
    if (!byKey) {
      byKey = new Map();
      series.set(point.metric, byKey);
    }
    let values = byKey.get(point.key);
    if (!values) {
      values = new Array<number>(days.length).fill(0);
      byKey.set(point.key, values);
    }
    values[i] = (values[i] ?? 0) + point.value;
  }
  return { data, from, to, days, series };
}

export function provides(slice: Slice, ...metrics: Metric[]): boolean {
  return metrics.every((m) => slice.data.provided.has(m));
}

/** Per-day sums over all keys of a metric. */
export function daily(slice: Slice, metric: Metric): number[] {
  const out = new Array<number>(slice.days.length).fill(0);
  for (const values of slice.series.get(metric)?.values() ?? []) {
    values.forEach((v, i) => {
      out[i] = (out[i] ?? 0) + v;
    });
  }
  return out;
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

export function total(slice: Slice, metric: Metric): number {
  return sum(daily(slice, metric));
}

/** Keys of a metric with their totals over the range, largest first (ties by name). */
export function totalsByKey(slice: Slice, metric: Metric): [string, number][] {
  const out: [string, number][] = [];
  for (const [key, values] of slice.series.get(metric) ?? []) out.push([key, sum(values)]);
  return out.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function keyDaily(slice: Slice, metric: Metric, key: string): number[] {
  return slice.series.get(metric)?.get(key) ?? new Array<number>(slice.days.length).fill(0);
}

/**
 * Distinct active users over the range: members seen since its first day (not opted out), never fewer
 * than the busiest day. `pointsOnly` uses the busiest day alone, so two ranges compare like with like.
 */
export function activeUsers(slice: Slice, pointsOnly = false): number | undefined {
  const busiest = provides(slice, 'active_users') ? Math.max(0, ...daily(slice, 'active_users')) : undefined;
  if (pointsOnly) return busiest;
  const members = slice.data.members;
  if (!members.some((m) => m.lastSeenAt)) return busiest;
  let seen = 0;
  for (const m of members) {
    if (!m.optedOutAnalytics && m.lastSeenAt && m.lastSeenAt.slice(0, 10) >= slice.from) seen++;
  }
  return Math.max(seen, busiest ?? 0);
}

/** Most common non-empty value of a member field among members seen in the range (fallback for versions). */
export function mostCommonAmongSeen(slice: Slice, field: 'lastDesktopVersion'): string | undefined {
  const counts = new Map<string, number>();
  for (const m of slice.data.members) {
    const value = m[field];
    if (!value || m.optedOutAnalytics || !m.lastSeenAt || m.lastSeenAt.slice(0, 10) < slice.from) continue;
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}
