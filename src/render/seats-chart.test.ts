/**
 * Acceptance 7 (issue 21): the `seats` chart renders and reads at Slack's size, from demo and real data —
 * stacked seat use per day with the purchased seats as a line over it, large type, the demo badge only on
 * demo data.
 */
import { createCanvas, loadImage } from 'canvas';
import { describe, expect, it } from 'vitest';
import { demoBadgePixels } from '../../test/support/demo-badge.js';
import { addDays } from '../domain/period.js';
import { EMPTY_COUNTS } from '../domain/seats.js';
import { buildSeatsChart, type SeatDay } from '../domain/seats-chart.js';
import { chartConfigs } from './chart-config.js';
import { renderChartPng } from './render-chart.js';

const TODAY = '2026-11-21';
const history: SeatDay[] = Array.from({ length: 29 }, (_, i) => ({
  day: addDays(TODAY, i - 29),
  purchased: 250,
  counts: {
    ...EMPTY_COUNTS,
    members: 236,
    invites: 6,
    active: 150,
    idle30: 30,
    idle60: 15,
    idle90: 20,
    neverActive: 11,
    newMembers: 6,
    exempt: 4,
  },
}));
const counts = history.at(-1)?.counts ?? EMPTY_COUNTS;
const view = (demo: boolean, purchased: number | null = 250) =>
  buildSeatsChart({
    org: 'acme',
    period: '1m',
    today: TODAY,
    counts,
    history,
    settings: { purchased, pricePerMonth: 24 },
    demo,
  });

/** Pixels of one colour in the image. */
async function colourPixels(png: Buffer, [r, g, b]: [number, number, number]): Promise<number> {
  const image = await loadImage(png);
  const ctx = createCanvas(image.width, image.height).getContext('2d');
  ctx.drawImage(image, 0, 0);
  const data = ctx.getImageData(0, 0, image.width, image.height).data;
  let n = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b) n++;
  return n;
}

describe('the seats chart', () => {
  it('stacks active, new or exempt, idle and invited seats per day, with the purchased seats as a line', () => {
    const v = view(false);
    expect(v.figures).toEqual([
      { label: 'Seats used', value: '242 of 250' },
      { label: 'Utilization', value: '96.8%' },
      { label: 'Idle seats (30+ days)', value: '76' },
      { label: 'Idle seats cost a month', value: '$1,824' },
    ]);
    const [graph] = v.graphs;
    expect(graph?.labels).toHaveLength(30);
    expect(graph?.series.map((s) => [s.name, s.values.at(-1)])).toEqual([
      ['Active', 150],
      ['New or exempt', 10],
      ['Idle 30+ days', 76],
      ['Invites', 6],
    ]);
    expect(graph?.lines?.map((s) => [s.name, s.values.at(-1)])).toEqual([['Purchased', 250]]);
    const { primary } = chartConfigs(v);
    const datasets = primary?.config.data.datasets as Array<{
      type?: string;
      label?: string;
      stack?: string;
    }>;
    expect(datasets.map((d) => d.type ?? 'bar')).toEqual(['bar', 'bar', 'bar', 'bar', 'line']);
    // The line is not stacked onto the bars.
    expect(datasets.at(-1)?.stack).toBe('line-0');
  });

  it('leaves out days before the first snapshot instead of drawing empty seats', () => {
    const v = buildSeatsChart({
      org: 'acme',
      period: '3m',
      today: TODAY,
      counts,
      history: history.slice(-3),
      settings: { purchased: null, pricePerMonth: null },
      demo: false,
    });
    expect(v.graphs[0]?.labels).toEqual([addDays(TODAY, -3), addDays(TODAY, -2), addDays(TODAY, -1), TODAY]);
    expect(v.graphs[0]?.lines).toBeUndefined();
    expect(v.missing).toContain('DOCKER_SEATS');
    expect(v.figures[0]).toEqual({ label: 'Seats used', value: '242' });
  });

  it.each([
    ['demo', true],
    ['real', false],
  ] as const)(
    'renders the %s chart at 1200×630 with its colours, the badge only on demo data',
    async (_name, demo) => {
      const png = renderChartPng(view(demo));
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
      expect(png.length).toBeLessThan(200_000);
      // Idle seats in amber and active ones in Docker blue fill a good part of the plot.
      expect(await colourPixels(png, [0x1d, 0x63, 0xed])).toBeGreaterThan(40_000);
      expect(await colourPixels(png, [0xe0, 0x86, 0x00])).toBeGreaterThan(15_000);
      const badge = await demoBadgePixels(png);
      if (demo) expect(badge).toBeGreaterThan(1000);
      else expect(badge).toBe(0);
    },
  );
});
