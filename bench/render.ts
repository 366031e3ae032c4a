import { availableParallelism } from 'node:os';
import { createCanvas } from 'canvas';
import { createDemoSource } from '../src/demo/demo-source.js';
import { CHARTS, type ChartView } from '../src/domain/insights.js';
import { loadChartView } from '../src/domain/load-chart-view.js';
import { renderChartPng } from '../src/render/render-chart.js';
import { createRenderPool } from '../src/render/render-pool.js';

const NOW = new Date('2026-11-21T08:00:00Z');

async function views(): Promise<ChartView[]> {
  const source = createDemoSource();
  const out: ChartView[] = [];
  for (const chart of CHARTS) {
    const view = await loadChartView(source, chart, '1m', NOW);
    if (view) out.push(view);
  }
  return out;
}

/** Charts per second on this thread (one core), the PNG-encode floor, and the worker pool's throughput. */
export async function benchRender(): Promise<Record<string, string>> {
  const all = await views();
  for (const v of all) renderChartPng(v); // warm up fonts and Chart.js

  const n = 120;
  let t = performance.now();
  for (let i = 0; i < n; i++) renderChartPng(all[i % all.length] as ChartView);
  const singleMs = (performance.now() - t) / n;

  // The floor: encoding an already-drawn 1200×630 canvas to PNG, with the renderer's settings.
  const canvas = createCanvas(1200, 630);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 1200, 630);
  ctx.drawImage(await loadPng(renderChartPng(all[2] as ChartView)), 0, 0);
  t = performance.now();
  for (let i = 0; i < 60; i++) canvas.toBuffer('image/png');
  const encodeDefaultMs = (performance.now() - t) / 60;

  const cores = availableParallelism();
  const pool = createRenderPool({ size: cores });
  await Promise.all(all.map((v) => pool.render(v))); // warm every worker
  const jobs = 60 * cores;
  t = performance.now();
  await Promise.all(Array.from({ length: jobs }, (_, i) => pool.render(all[i % all.length] as ChartView)));
  const poolPerSecond = jobs / ((performance.now() - t) / 1000);
  await pool.close();

  return {
    'render 1200×630, one core': `${singleMs.toFixed(1)} ms/chart = ${(1000 / singleMs).toFixed(1)} charts/s`,
    'PNG encode floor (drawn canvas, default zlib)': `${encodeDefaultMs.toFixed(1)} ms = ${(1000 / encodeDefaultMs).toFixed(1)}/s`,
    [`render pool, ${cores} workers`]: `${poolPerSecond.toFixed(1)} charts/s`,
  };
}

async function loadPng(bytes: Buffer) {
  const { loadImage } = await import('canvas');
  return loadImage(bytes);
}
