import { beforeAll, describe, expect, it } from 'vitest';
import { createDemoSource } from '../demo/demo-source.js';
import { compareWithPreviousPeriod, headlineFigures } from './charts.js';
import { buildDigest, type Digest, digestRange, digestTitle, formatChange } from './digest.js';
import { CHARTS, type InsightsData, type Metric, type MetricPoint } from './insights.js';
import { addDays, daysBetween } from './period.js';

const now = new Date('2026-11-21T08:00:00Z');
const asOf = '2026-11-20';
let demo: InsightsData;

beforeAll(async () => {
  demo = await createDemoSource().load(digestRange('1w', asOf), now);
});

const figure = (d: Digest, label: string) =>
  d.sections.flatMap((s) => s.figures).find((f) => f.label === label);

function data(points: MetricPoint[], provided: Metric[], from = addDays(asOf, -13)): InsightsData {
  return { org: 'tiny', asOf, from, to: asOf, members: [], points, provided: new Set(provided) };
}

describe('buildDigest', () => {
  it('has the headline figures of the six charts with their week-on-week changes', () => {
    expect(digestRange('1w', asOf)).toEqual({ from: '2026-11-07', to: asOf });
    const d = buildDigest(demo, { openAlerts: 3 });
    expect(d.org).toBe('acme');
    expect(d.dataDay).toBe(asOf);
    expect(d.period).toBe('1w');
    expect([d.from, d.to]).toEqual(['2026-11-14', asOf]);
    expect(d.sections.map((s) => s.chart)).toEqual([...CHARTS]);
    expect(d.missing).toEqual([]);
    expect(d.openAlerts).toBe(3);
    for (const s of d.sections) {
      const expected = headlineFigures(s.chart, '1w', demo);
      expect(s.figures.map((f) => [f.label, f.value])).toEqual(expected.map((f) => [f.label, f.value]));
      for (const c of compareWithPreviousPeriod(s.chart, '1w', demo)) {
        const f = s.figures.find((x) => x.label === c.label);
        const change = f?.change;
        if (c.changePts !== null) expect(change && 'pts' in change && change.pts).toBe(c.changePts);
        else expect(change && 'pct' in change ? change.pct : null).toBe(c.changePct);
      }
    }
    expect(d.sections[0]?.title).toBe('Docker Desktop users');
    const active = figure(d, 'Active users');
    expect(active?.change).not.toBeNull();
    expect(['up', 'down', 'flat']).toContain(active?.change?.direction);
    expect(Math.abs(active?.change && 'pct' in active.change ? active.change.pct : 999)).toBeLessThan(50);
    expect(figure(d, 'Organization members')).toEqual({
      label: 'Organization members',
      value: '250',
      change: null,
    });
    expect(figure(d, 'Most used version')?.change).toBeNull();
    expect(d.summary).toMatch(
      /^Docker Insights — acme · week to Nov 20 · Active users \d+ \((?:[↑↓] [\d.]+%|unchanged)\), /,
    );
    expect(d.summary).toMatch(/ · 3 open alerts · data as of 2026-11-20$/);
  });

  it('marks a digest of the demo organization as demo data, and no other', () => {
    const plain = buildDigest(demo, { openAlerts: 1 });
    expect(plain.demo).toBe(false);
    expect(plain.summary).toMatch(/^Docker Insights — acme/);
    const labelled = buildDigest(demo, { openAlerts: 1, demo: true });
    expect(labelled.demo).toBe(true);
    expect(labelled.summary).toBe(`Demo data · ${plain.summary}`);
  });

  it('carries the four daily trends for the combined image', () => {
    const d = buildDigest(demo, { openAlerts: 0 });
    expect(d.trends.map((t) => [t.chart, t.figure?.label, t.graph.title, t.missing])).toEqual([
      ['users', 'Active users', 'Active users per day', null],
      ['builds', 'Build success rate', 'Builds per day', null],
      ['containers', 'Containers run', 'Containers run per day', null],
      ['images', 'Pulled', 'Pulls per day', null],
    ]);
    const pulls = d.trends[3]?.graph;
    expect(pulls?.labels).toEqual(daysBetween('2026-11-14', asOf));
    const total = (pulls?.series[0]?.values ?? []).reduce((a, b) => a + b, 0);
    expect(figure(d, 'Pulled')?.value).toBe(total.toLocaleString('en-US'));
    for (const t of d.trends) for (const s of t.graph.series) expect(s.values).toHaveLength(7);
  });

  it('uses the requested period', () => {
    const d = buildDigest(demo, { period: '1m', openAlerts: 1 });
    expect(d.from).toBe('2026-10-22');
    expect(digestTitle(d)).toBe('Docker Insights — acme · month to Nov 20');
    // Only 14 days loaded: no previous month to compare with.
    expect(d.sections.flatMap((s) => s.figures).every((f) => f.change === null)).toBe(true);
    expect(d.summary).toContain('1 open alert ·');
  });

  it('lists the charts with no data and what would provide them; marks figures new from zero', () => {
    const days = daysBetween(addDays(asOf, -13), asOf);
    const points: MetricPoint[] = days.flatMap((day, i) => [
      { day, metric: 'containers', key: '', value: i < 7 ? 0 : 10 },
      { day, metric: 'active_users', key: '', value: i < 7 ? 4 : 5 },
      { day, metric: 'pulls', key: 'library/nginx', value: 100 },
    ]);
    const d = buildDigest(data(points, ['containers', 'active_users', 'pulls']), { openAlerts: 0 });
    expect(d.sections.map((s) => s.chart)).toEqual(['users', 'containers', 'images']);
    expect(figure(d, 'Active users')).toEqual({
      label: 'Active users',
      value: '5',
      change: { direction: 'up', pct: 25 },
    });
    expect(figure(d, 'Containers run')).toEqual({
      label: 'Containers run',
      value: '70',
      change: { direction: 'new', pct: 0 },
    });
    expect(figure(d, 'Pulled')?.change).toEqual({ direction: 'flat', pct: 0 });
    expect(d.missing).toHaveLength(3);
    expect(d.missing[0]).toMatch(
      /^Builds: No configured source provides builds per active user, .*snapshot import/,
    );
    expect(d.missing.map((m) => m.split(':')[0])).toEqual(['Builds', 'Docker Desktop usage', 'Extensions']);
    expect(d.trends.find((t) => t.chart === 'builds')?.missing).toMatch(/No configured source provides/);
    expect(d.trends.find((t) => t.chart === 'images')?.missing).toBeNull();
  });

  it('gives the change of a percentage in points: "unchanged" when it is the same, never "→ 0%"', () => {
    const days = daysBetween(addDays(asOf, -13), asOf);
    // Both weeks: 37 of 40 builds succeed (92.5%), then the second week 20 more builds, 37 of 60.
    const week = (succeeded: number, failed: number): MetricPoint[] =>
      days.flatMap((day, i) => [
        { day, metric: 'active_users', key: '', value: 4 },
        { day, metric: 'builds_succeeded', key: '', value: i === 0 || i === 7 ? succeeded : 0 },
        { day, metric: 'builds_failed', key: '', value: i === 0 || i === 7 ? failed : 0 },
      ]);
    const same = buildDigest(data(week(37, 3), ['active_users', 'builds_succeeded', 'builds_failed']), {
      openAlerts: 0,
    });
    expect(figure(same, 'Build success rate')).toEqual({
      label: 'Build success rate',
      value: '92.5%',
      change: { direction: 'flat', pts: 0 },
    });
    expect(same.summary).toContain('Build success rate 92.5% (unchanged)');
    expect(same.summary).not.toContain('→');

    const points = days.flatMap((day, i): MetricPoint[] => [
      { day, metric: 'active_users', key: '', value: 4 },
      { day, metric: 'builds_succeeded', key: '', value: i === 0 ? 225 : i === 7 ? 197 : 0 },
      { day, metric: 'builds_failed', key: '', value: i === 0 ? 775 : i === 7 ? 803 : 0 },
    ]);
    const fell = buildDigest(data(points, ['active_users', 'builds_succeeded', 'builds_failed']), {
      openAlerts: 0,
    });
    expect(figure(fell, 'Build success rate')?.change).toEqual({ direction: 'down', pts: -2.8 });
    expect(fell.summary).toContain('Build success rate 19.7% (↓ 2.8 pts)');
  });

  it('copes with an organization that has no data at all', () => {
    const d = buildDigest(data([], []), { openAlerts: 2 });
    expect(d.sections).toEqual([]);
    expect(d.missing).toHaveLength(6);
    expect(d.summary).toBe(
      'Docker Insights — tiny · week to Nov 20 · no figures from the configured sources · 2 open alerts · data as of 2026-11-20',
    );
    expect(d.trends.every((t) => t.missing !== null && t.figure === null)).toBe(true);
  });

  it('formats changes with arrows: counts relative, percentages in points', () => {
    expect(formatChange({ direction: 'up', pct: 12.4 })).toBe('↑ 12%');
    expect(formatChange({ direction: 'down', pct: -3.4 })).toBe('↓ 3.4%');
    expect(formatChange({ direction: 'flat', pct: 0.3 })).toBe('unchanged');
    expect(formatChange({ direction: 'down', pts: -2.8 })).toBe('↓ 2.8 pts');
    expect(formatChange({ direction: 'up', pts: 1 })).toBe('↑ 1 pt');
    expect(formatChange({ direction: 'flat', pts: 0 })).toBe('unchanged');
    expect(formatChange({ direction: 'new', pct: 0 })).toBe('new');
    expect(formatChange(null)).toBe('');
  });

  it('builds the digest of a 50,000-member organization with 90 days of history', async () => {
    const big = await createDemoSource({ members: 50_000 }).load(digestRange('3m', asOf), now);
    const d = buildDigest(big, { period: '3m', openAlerts: 0 });
    expect(figure(d, 'Organization members')?.value).toBe('50,000');
    expect(d.sections).toHaveLength(6);
    expect(d.trends[0]?.graph.labels).toHaveLength(90);
    expect(figure(d, 'Active users')?.change).not.toBeNull();
  });
});
