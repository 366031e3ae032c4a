import { describe, expect, it } from 'vitest';
import { chartView } from '../../test/support/chart-views.js';
import { createDemoSource } from '../demo/demo-source.js';
import { buildChartView } from '../domain/charts.js';
import { addDays, type Period, shortDay } from '../domain/period.js';
import { CHART_WIDTH, type ChartSpec, chartConfigs, DEMO_FOOTER, footerText } from './chart-config.js';

function texts(layout: ReturnType<typeof chartConfigs>): string[] {
  return layout.frame.texts.map((t) => t.text);
}

/** The y (value) scale options of a spec, whichever axis it is on. */
function scales(spec: ChartSpec | null) {
  const options = spec?.config.options;
  if (!options?.scales) throw new Error('no scales');
  return options.scales as Record<
    string,
    { title?: { text?: string }; ticks?: { font?: { size?: number } } }
  >;
}

describe('chartConfigs', () => {
  it('puts the title, the key figures and the period with its "as of" date in the image', () => {
    const layout = chartConfigs(chartView('containers'));
    expect(texts(layout)).toEqual(
      expect.arrayContaining([
        'Containers — acme',
        '48,210',
        'containers run',
        'last 30 days · 2026-10-22 – 2026-11-20 · data as of 2026-11-20',
      ]),
    );
    const value = layout.frame.texts.find((t) => t.text === '48,210');
    const label = layout.frame.texts.find((t) => t.text === 'containers run');
    expect(value).toMatchObject({ size: 40, bold: true });
    expect(label?.size).toBe(18);
    expect(layout.frame.background).toBe('#FFFFFF');
  });

  it('labels axes in large type and shortens days', () => {
    const { primary } = chartConfigs(chartView('users'));
    const { x, y } = scales(primary);
    expect(y?.title?.text).toBe('users');
    expect(x?.ticks?.font?.size).toBeGreaterThanOrEqual(16);
    expect(y?.ticks?.font?.size).toBeGreaterThanOrEqual(16);
    expect(primary?.config.data.labels?.slice(0, 2)).toEqual(['Oct 22', 'Oct 23']);
    expect(shortDay('2026-11-03')).toBe('Nov 3');
    expect(shortDay('library/node')).toBe('library/node');
  });

  it('draws failed builds in red', () => {
    const { primary } = chartConfigs(chartView('builds'));
    const colors = primary?.config.data.datasets.map((d) => d.backgroundColor);
    expect(colors).toEqual(['#1D63ED', '#D92D20']);
  });

  it('lays the two usage graphs side by side, the second on its own canvas', () => {
    const { primary, insets } = chartConfigs(chartView('usage'));
    const inset = insets[0];
    expect(insets).toHaveLength(1);
    if (!primary || !inset) throw new Error('expected two graphs');
    expect(inset.box.x).toBeGreaterThanOrEqual(primary.box.x + primary.box.width);
    expect(inset.box.y).toBe(primary.box.y);
    expect(inset.box.x + inset.box.width).toBeLessThanOrEqual(1200);
    expect(primary.config.options?.indexAxis).toBe('y');
    expect(scales(primary).x?.title?.text).toBe('users');
    expect(inset.texts.map((t) => t.text)).toEqual(['Active users per interface']);
  });

  it('says what is missing instead of drawing a graph without data', () => {
    const view = chartView('extensions');
    const layout = chartConfigs(view);
    expect(layout.primary).toBeNull();
    expect(layout.insets).toEqual([]);
    expect(texts(layout)).toContain(
      'Extension data comes only from the Insights page: import its CSV with insights-bot import extensions.',
    );
    expect(texts(layout)).toContain('Top 5 extensions by users');
  });

  it('keeps a graph of zeros when every source is configured', () => {
    const view = chartView('containers');
    const graph = view.graphs[0];
    if (!graph) throw new Error('fixture has a graph');
    const zeros = { ...graph, series: [{ name: 'Containers', values: graph.labels.map(() => 0) }] };
    expect(chartConfigs({ ...view, graphs: [zeros] }).primary).not.toBeNull();
    expect(chartConfigs({ ...view, graphs: [zeros], missing: 'Needs the CSV import.' }).primary).toBeNull();
  });

  it('puts the "Demo data" badge and the hint to connect Docker in a demo chart only', () => {
    const plain = chartConfigs(chartView('containers'));
    expect(plain.frame.badges).toEqual([]);
    expect(texts(plain)).toContain('Docker Desktop Insights');
    expect(texts(plain).join(' ')).not.toMatch(/demo|made-up/i);

    const demo = chartConfigs({ ...chartView('containers'), demo: true });
    expect(demo.frame.badges).toEqual([
      expect.objectContaining({ text: 'Demo data', x: 1160, y: 18, size: 24 }),
    ]);
    expect(texts(demo)).not.toContain('Docker Desktop Insights');
    const hint = demo.frame.texts.find((t) => t.text === DEMO_FOOTER);
    expect(hint).toMatchObject({ align: 'right', x: 1160, size: 18 });
    // The footer's period and "as of" leave the hint its room.
    const footer = demo.frame.texts.find((t) => t.text === footerText(chartView('containers')));
    expect((footer?.maxWidth ?? 0) + (hint?.maxWidth ?? 0)).toBeLessThanOrEqual(1120);
  });

  it('draws each version in the same colour in usage 1m and 3m, legible at phone width', async () => {
    const now = new Date('2026-11-21T08:00:00Z');
    const data = await createDemoSource().load({ from: addDays('2026-11-20', -89), to: '2026-11-20' }, now);
    const colours = (period: Period) => {
      const primary = chartConfigs(buildChartView('usage', period, data)).primary;
      const datasets = primary?.config.data.datasets ?? [];
      return new Map(datasets.map((d) => [String(d.label), String(d.backgroundColor)]));
    };
    const month = colours('1m');
    const quarter = colours('3m');
    const shared = [...month.keys()].filter((v) => quarter.has(v) && v !== 'Other');
    expect(shared.length).toBeGreaterThanOrEqual(4);
    for (const version of shared) expect(quarter.get(version)).toBe(month.get(version));
    expect(new Set(month.values()).size).toBe(month.size);
    expect(month.get('Other')).toBe('#B8BEC8');

    // Slack shows the 1200-px image about 390 px wide on a phone: type must stay 7.5 px or more there.
    const phone = (size: number | undefined) => ((size ?? 0) * 390) / CHART_WIDTH;
    const primary = chartConfigs(buildChartView('usage', '1m', data)).primary;
    const legend = primary?.config.options?.plugins?.legend;
    expect(legend?.position).toBe('right');
    expect(phone((legend?.labels?.font as { size?: number })?.size)).toBeGreaterThanOrEqual(7.5);
    const { x, y } = scales(primary);
    expect(phone(x?.ticks?.font?.size)).toBeGreaterThanOrEqual(7.5);
    expect(phone(y?.ticks?.font?.size)).toBeGreaterThanOrEqual(7.5);
  });

  it('formats the footer from the view', () => {
    expect(footerText(chartView('users', '1w'))).toBe(
      'last 7 days · 2026-11-14 – 2026-11-20 · data as of 2026-11-20',
    );
  });
});
