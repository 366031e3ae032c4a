import { createCanvas, loadImage } from 'canvas';
import { describe, expect, it } from 'vitest';
import { chartView } from '../../test/support/chart-views.js';
import { CHARTS, type ChartView } from '../domain/insights.js';
import { renderChartPng } from './render-chart.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function dimensions(png: Buffer): { width: number; height: number } {
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** RGBA of every pixel in a rectangle of the decoded PNG. */
async function pixels(
  png: Buffer,
  x: number,
  y: number,
  width: number,
  height: number,
): Promise<Uint8ClampedArray> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return ctx.getImageData(x, y, width, height).data;
}

function countColor(data: Uint8ClampedArray, [r, g, b]: [number, number, number]): number {
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i] === r && data[i + 1] === g && data[i + 2] === b) n++;
  }
  return n;
}

function countBlue(data: Uint8ClampedArray): number {
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    // Docker blue #1D63ED, the bar colour.
    if (data[i] === 0x1d && data[i + 1] === 0x63 && data[i + 2] === 0xed) n++;
  }
  return n;
}

describe('renderChartPng', () => {
  it.each(CHARTS)('renders %s as a 1200×630 PNG under 200 KB', (chart) => {
    const png = renderChartPng(chartView(chart));
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const { width, height } = dimensions(png);
    expect(width).toBeGreaterThanOrEqual(1200);
    expect(height).toBe(630);
    expect(png.length).toBeLessThan(200_000);
  });

  it('gives a different image for every chart and for different data', () => {
    const images = CHARTS.map((chart) => renderChartPng(chartView(chart)).toString('base64'));
    expect(new Set(images).size).toBe(CHARTS.length);
    const view = chartView('containers');
    const graph = view.graphs[0];
    if (!graph) throw new Error('fixture has a graph');
    const changed: ChartView = {
      ...view,
      graphs: [{ ...graph, series: [{ name: 'Containers', values: graph.labels.map(() => 5) }] }],
    };
    expect(renderChartPng(changed).equals(renderChartPng(view))).toBe(false);
    expect(renderChartPng({ ...view, asOf: '2026-11-21' }).equals(renderChartPng(view))).toBe(false);
  });

  it('is deterministic', () => {
    expect(renderChartPng(chartView('builds')).equals(renderChartPng(chartView('builds')))).toBe(true);
  });

  it('draws the same image on its reused canvases whatever was drawn on them before', () => {
    const first = CHARTS.map((c) => renderChartPng(chartView(c)));
    const again = [...CHARTS].reverse().map((c) => renderChartPng(chartView(c)));
    expect(again.reverse().every((png, i) => png.equals(first[i] as Buffer))).toBe(true);
  });

  it('paints an opaque white background (Slack shows images as they are, also in dark mode)', async () => {
    const corner = await pixels(renderChartPng(chartView('users')), 2, 2, 1, 1);
    expect([...corner]).toEqual([255, 255, 255, 255]);
  });

  it('draws both usage graphs side by side', async () => {
    const png = renderChartPng(chartView('usage'));
    const left = await pixels(png, 40, 230, 540, 290);
    const right = await pixels(png, 620, 230, 540, 290);
    expect(countBlue(left)).toBeGreaterThan(1000);
    expect(countBlue(right)).toBeGreaterThan(1000);
  });

  it('draws the missing-source sentence instead of empty axes', async () => {
    const view = chartView('extensions');
    expect(view.missing).not.toBeNull();
    const png = renderChartPng(view);
    expect(countBlue(await pixels(png, 40, 230, 1120, 290))).toBe(0);
    const other = renderChartPng({ ...view, missing: 'Import the extensions CSV to see this graph.' });
    expect(other.equals(png)).toBe(false);
  });

  it('paints the "Demo data" badge at the top right of a demo chart, and nothing there otherwise', async () => {
    const badge = (png: Buffer) =>
      pixels(png, 900, 10, 260, 60).then((p) => countColor(p, [0xe0, 0x86, 0x00]));
    expect(await badge(renderChartPng({ ...chartView('users'), demo: true }))).toBeGreaterThan(3000);
    expect(await badge(renderChartPng(chartView('users')))).toBe(0);
  });

  it('renders at another size', () => {
    const png = renderChartPng(chartView('usage'), { width: 800, height: 500 });
    expect(dimensions(png)).toEqual({ width: 800, height: 500 });
  });
});
