import { beforeAll, describe, expect, it } from 'vitest';
import { createDemoSource } from '../demo/demo-source.js';
import { buildChartView, compareWithPreviousPeriod, describeGaps } from './charts.js';
import { CHARTS, type ChartView, type InsightsData, type Member, type Metric } from './insights.js';
import { addDays, PERIODS, type Period } from './period.js';

const now = new Date('2026-11-21T08:00:00Z');
const asOf = '2026-11-20';
let demo: InsightsData;

beforeAll(async () => {
  // Two 3-month periods, as a caller comparing with the previous period would load.
  demo = await createDemoSource().load({ from: addDays(asOf, -179), to: asOf }, now);
});

const figure = (view: ChartView, label: string): string | undefined =>
  view.figures.find((f) => f.label === label)?.value;
const num = (value: string | undefined): number => Number((value ?? 'NaN').replace(/[,%]/g, ''));

describe('buildChartView on the demo organization', () => {
  it.each(PERIODS)('gives every chart its figures and graphs for %s', (period: Period) => {
    const days = { '1w': 7, '1m': 30, '3m': 90 }[period];
    for (const chart of CHARTS) {
      const view = buildChartView(chart, period, demo);
      expect(view.missing).toBeNull();
      expect(view.from).toBe(addDays(asOf, -(days - 1)));
      expect(view.to).toBe(asOf);
      expect(view.figures.length).toBeGreaterThanOrEqual(2);
      for (const f of view.figures) expect(f.value).not.toBe('');
      expect(view.summary).toContain(`data as of ${asOf} (acme)`);
      for (const graph of view.graphs) {
        expect(graph.series.length).toBeGreaterThan(0);
        for (const s of graph.series) expect(s.values).toHaveLength(graph.labels.length);
        if (graph.kind !== 'horizontal-bar') expect(graph.labels).toHaveLength(days);
      }
    }
  });

  it('marks a demo chart as demo data in its flag and its one-line summary, and only then', () => {
    const plain = buildChartView('containers', '1m', demo);
    expect(plain.demo).toBe(false);
    expect(plain.summary).toMatch(/^Containers · /);
    const labelled = buildChartView('containers', '1m', demo, { demo: true });
    expect(labelled.demo).toBe(true);
    expect(labelled.summary).toBe(`Demo data · ${plain.summary}`);
  });

  it('users: active users, members and opt-outs', () => {
    const view = buildChartView('users', '1m', demo);
    expect(view.title).toBe('Docker Desktop users');
    expect(view.periodLabel).toBe('last 30 days');
    expect(view.figures.map((f) => f.label)).toEqual([
      'Active users',
      'Organization members',
      'Opted out of analytics',
    ]);
    const active = num(figure(view, 'Active users'));
    const perDay = view.graphs[0]?.series[0]?.values ?? [];
    expect(active).toBeGreaterThanOrEqual(Math.max(...perDay));
    expect(active).toBeLessThanOrEqual(250);
    expect(figure(view, 'Organization members')).toBe('250');
    expect(num(figure(view, 'Opted out of analytics'))).toBeGreaterThan(0);
    expect(view.graphs[0]?.kind).toBe('line');
  });

  it('builds: per active user, average time and success rate', () => {
    const view = buildChartView('builds', '1m', demo);
    expect(num(figure(view, 'Builds per active user'))).toBeGreaterThan(1);
    expect(figure(view, 'Average build time')).toMatch(/^[1-4]m \d{2}s$/);
    const rate = num(figure(view, 'Build success rate'));
    expect(rate).toBeGreaterThan(85);
    expect(rate).toBeLessThan(99);
    expect(view.graphs[0]?.series.map((s) => s.name)).toEqual(['Succeeded', 'Failed']);
  });

  it('containers: total with thousands separators and per active user', () => {
    const view = buildChartView('containers', '1m', demo);
    const total = figure(view, 'Containers run') ?? '';
    expect(total).toMatch(/^\d{1,3}(,\d{3})+$/);
    const perDay = view.graphs[0]?.series[0]?.values ?? [];
    expect(num(total)).toBe(perDay.reduce((a, b) => a + b, 0));
    expect(view.summary).toMatch(
      /^Containers · last 30 days · [\d,]+ containers run, [\d.]+ per active user · /,
    );
  });

  it('usage: most used version and OS, versions stacked with Other, CLI and GUI', () => {
    const view = buildChartView('usage', '1m', demo);
    expect(figure(view, 'Most used version')).toMatch(/^4\.5\d\.0$/);
    expect(figure(view, 'Most used OS')).toBe('macOS');
    const [versions, interfaces] = view.graphs;
    expect(versions?.kind).toBe('stacked-bar');
    expect(versions?.series).toHaveLength(6);
    expect(versions?.series.at(-1)?.name).toBe('Other');
    expect(interfaces?.series.map((s) => s.name)).toEqual(['CLI', 'GUI']);
  });

  it('images: pulled, pushed and a sorted top 10', () => {
    const view = buildChartView('images', '3m', demo);
    expect(num(figure(view, 'Pulled'))).toBeGreaterThan(10_000);
    expect(num(figure(view, 'Pushed'))).toBeGreaterThan(0);
    const top = view.graphs[0];
    expect(top?.kind).toBe('horizontal-bar');
    expect(top?.labels).toHaveLength(10);
    expect(top?.labels[0]).toBe('library/nginx');
    const values = top?.series[0]?.values ?? [];
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });

  it('extensions: share of the org and the top 5', () => {
    const view = buildChartView('extensions', '1w', demo);
    const share = num(figure(view, 'Org with an extension'));
    expect(share).toBeGreaterThan(5);
    expect(share).toBeLessThan(60);
    expect(figure(view, 'Top extension')).toBe(view.graphs[0]?.labels[0]);
    expect(view.graphs[0]?.labels).toHaveLength(5);
    expect(view.graphs[0]?.title).toMatch(/average daily users/);
  });

  it('compares with the previous period', () => {
    const changes = compareWithPreviousPeriod('containers', '1m', demo);
    expect(changes.map((c) => c.label)).toEqual(['Containers run', 'Per active user']);
    for (const c of changes) expect(Math.abs(c.changePct ?? Number.NaN)).toBeLessThan(50);
    const users = compareWithPreviousPeriod('users', '1w', demo);
    expect(users.find((c) => c.label === 'Organization members')?.changePct).toBeNull();
  });
});

describe('buildChartView with partial sources', () => {
  const member = (username: string, lastSeenAt: string | null, optedOutAnalytics = false): Member => ({
    username,
    name: username,
    email: `${username}@example.com`,
    type: 'User',
    role: 'member',
    teams: [],
    dateJoined: '2025-01-01T00:00:00Z',
    lastLoggedInAt: null,
    lastDesktopVersion: '4.52.0',
    lastSeenAt,
    optedOutAnalytics,
  });
  const partial = (provided: Metric[]): InsightsData => ({
    org: 'acme',
    asOf,
    from: addDays(asOf, -29),
    to: asOf,
    members: [
      member('ann', '2026-11-19T10:00:00Z'),
      member('bob', '2026-11-02T10:00:00Z'),
      member('cat', '2026-09-01T10:00:00Z'),
      member('dan', '2026-11-19T10:00:00Z', true),
    ],
    points: [
      { day: '2026-11-19', metric: 'pulls', key: 'library/nginx', value: 1200 },
      { day: '2026-11-20', metric: 'pulls', key: 'library/redis', value: 300 },
      { day: '2026-09-01', metric: 'pulls', key: 'library/redis', value: 999 },
    ],
    provided: new Set(provided),
  });

  it('says builds are missing and shows no invented figures', () => {
    const view = buildChartView('builds', '1m', partial(['pulls']));
    expect(view.figures).toEqual([]);
    expect(view.missing).toContain('insights-bot import <file> --kind insights');
    expect(view.missing).toMatch(/build success rate/);
    expect(view.graphs[0]?.series).toEqual([]);
    expect(view.summary).not.toMatch(/\d+ builds/);
  });

  it('counts active users from members and images from pulls only', () => {
    const users = buildChartView('users', '1m', partial(['pulls']));
    expect(figure(users, 'Active users')).toBe('2');
    expect(figure(users, 'Organization members')).toBe('4');
    expect(figure(users, 'Opted out of analytics')).toBe('1');
    expect(users.missing).toMatch(/active users per day/);
    const images = buildChartView('images', '1m', partial(['pulls']));
    expect(images.figures).toEqual([{ label: 'Pulled', value: '1,500' }]);
    expect(images.graphs[0]?.labels).toEqual(['library/nginx', 'library/redis']);
    expect(images.missing).toBe(
      'No configured source provides pushed images; the activity log (repo.tag.push) would provide it.',
    );
  });

  it('points at the pulls report and the members API when they are missing', () => {
    const images = buildChartView('images', '1w', { ...partial(['pushes']), members: [] });
    expect(images.missing).toMatch(/usage_pulls report \(set DOCKER_ORG and DOCKER_TOKEN\)/);
    expect(figure(images, 'Pushed')).toBe('0');
    const users = buildChartView('users', '1w', { ...partial([]), members: [] });
    expect(users.figures).toEqual([]);
    expect(users.missing).toMatch(/Hub members API or a Docker Desktop users CSV import/);
  });

  it('usage: the newest versions are drawn however few run them, coloured by name', () => {
    const versions = ['4.40.0', '4.41.0', '4.42.0', '4.43.0', '4.44.0', '4.45.0', '4.46.0'];
    const points = versions.map((key, i) => ({
      day: asOf,
      metric: 'version_users' as const,
      key,
      value: 100 - i,
    }));
    points.push({ day: asOf, metric: 'version_users', key: '4.47.1', value: 1 });
    const view = buildChartView('usage', '1m', { ...partial(['version_users']), points });
    const graph = view.graphs[0];
    expect(graph?.colorByName).toBe(true);
    expect(graph?.series.map((s) => s.name)).toEqual([
      '4.47.1',
      '4.46.0',
      '4.42.0',
      '4.41.0',
      '4.40.0',
      'Other',
    ]);
    for (const period of ['1m', '3m'] as const) {
      const names = buildChartView('usage', period, demo).graphs[0]?.series.map((s) => s.name);
      expect(names?.[0]).toBe('4.53.0');
    }
  });

  it('falls back to members for the most used version', () => {
    const view = buildChartView('usage', '1m', partial(['pulls']));
    expect(view.figures).toEqual([{ label: 'Most used version', value: '4.52.0' }]);
    expect(view.missing).toMatch(/most used OS/);
  });
});

describe('describeGaps', () => {
  it('groups by provider into plain sentences', () => {
    expect(describeGaps([])).toBeNull();
    expect(
      describeGaps([
        { what: 'a', provider: 'X' },
        { what: 'b', provider: 'X' },
        { what: 'c', provider: 'X' },
        { what: 'd', provider: 'Y' },
      ]),
    ).toBe(
      'No configured source provides a, b and c; X would provide them. No configured source provides d; Y would provide it.',
    );
  });
});
