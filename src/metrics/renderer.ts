import type { MetricsRecorder } from '../domain/metrics.js';
import type { RenderPool } from '../render/render-pool.js';

/** The render pool, timing each chart and digest image for `/metrics` (wrapped in src/main.ts). */
export function measuredRenderer(pool: RenderPool, metrics: MetricsRecorder): RenderPool {
  const timed = async (chart: string, work: () => Promise<Buffer>): Promise<Buffer> => {
    const started = performance.now();
    try {
      const png = await work();
      metrics.render(chart, true, (performance.now() - started) / 1000);
      return png;
    } catch (err) {
      metrics.render(chart, false, (performance.now() - started) / 1000);
      throw err;
    }
  };
  return {
    render: (view) => timed(view.chart, () => pool.render(view)),
    renderDigest: (digest) => timed('digest', () => pool.renderDigest(digest)),
    close: () => pool.close(),
    get size() {
      return pool.size;
    },
  };
}
