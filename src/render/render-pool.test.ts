import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { chartView } from '../../test/support/chart-views.js';
import { CHARTS, type Graph } from '../domain/insights.js';
import { renderChartPng } from './render-chart.js';
import { createRenderPool, type RenderPool } from './render-pool.js';

const pools: RenderPool[] = [];
function pool(options?: Parameters<typeof createRenderPool>[0]): RenderPool {
  const created = createRenderPool(options);
  pools.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

/** A stand-in worker that crashes for the org `crash`, exits for `exit`, and answers 4 bytes otherwise. */
function fakeWorker(): URL {
  const file = join(mkdtempSync(join(tmpdir(), 'render-pool-')), 'fake-worker.mjs');
  writeFileSync(
    file,
    `import { parentPort } from 'node:worker_threads';
parentPort.on('message', ({ id, view }) => {
  if (view.org === 'crash') throw new Error('boom');
  if (view.org === 'exit') process.exit(3);
  const png = new Uint8Array([1, 2, 3, 4]).buffer;
  parentPort.postMessage({ id, ok: true, png }, [png]);
});
`,
  );
  return pathToFileURL(file);
}

describe('createRenderPool', () => {
  it('renders 8 charts at once on 2 workers, byte for byte like the synchronous renderer', async () => {
    const renders = pool({ size: 2 });
    expect(renders.size).toBe(2);
    const views = Array.from({ length: 8 }, (_, i) => chartView(CHARTS[i % CHARTS.length] ?? 'users'));
    const pngs = await Promise.all(views.map((view) => renders.render(view)));
    pngs.forEach((png, i) => {
      const view = views[i];
      if (!view) throw new Error('unreachable');
      expect(Buffer.isBuffer(png)).toBe(true);
      expect(png.equals(renderChartPng(view))).toBe(true);
    });
  });

  it('keeps the event loop free while rendering', async () => {
    const renders = pool({ size: 1 });
    await renders.render(chartView('users'));
    let turns = 0;
    let spinning = true;
    const spin = () => {
      turns++;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    await Promise.all(CHARTS.map((chart) => renders.render(chartView(chart))));
    spinning = false;
    // Rendering six charts on this thread would run them back to back, between two turns of the loop.
    expect(turns).toBeGreaterThan(CHARTS.length);
  });

  it('defaults to one worker per available core', () => {
    expect(pool().size).toBeGreaterThanOrEqual(1);
  });

  it('rejects a job whose view cannot be rendered, and keeps working', async () => {
    const renders = pool({ size: 1 });
    const broken = { ...chartView('users'), graphs: null as unknown as Graph[] };
    await expect(renders.render(broken)).rejects.toMatchObject({
      name: 'RenderError',
      code: 'render_failed',
    });
    expect((await renders.render(chartView('users'))).subarray(1, 4).toString()).toBe('PNG');
  });

  it('rejects the job of a crashed worker with a clear error and replaces the worker', async () => {
    const renders = pool({ size: 1, workerUrl: fakeWorker() });
    const crashed = renders.render({ ...chartView('users'), org: 'crash' });
    const queued = renders.render(chartView('users'));
    await expect(crashed).rejects.toMatchObject({
      code: 'render_worker_crashed',
      message: 'chart worker crashed: boom',
    });
    expect([...(await queued)]).toEqual([1, 2, 3, 4]);
    await expect(renders.render({ ...chartView('users'), org: 'exit' })).rejects.toThrow(
      'chart worker crashed: exited with code 3',
    );
    expect([...(await renders.render(chartView('users')))]).toEqual([1, 2, 3, 4]);
  });

  it('rejects running, waiting and later jobs once closed', async () => {
    const renders = pool({ size: 1 });
    const running = expect(renders.render(chartView('builds'))).rejects.toMatchObject({
      code: 'render_pool_closed',
    });
    const waiting = expect(renders.render(chartView('users'))).rejects.toMatchObject({
      code: 'render_pool_closed',
    });
    await renders.close();
    await running;
    await waiting;
    await expect(renders.render(chartView('users'))).rejects.toThrow('the render pool is closed');
    await renders.close();
  });
});
