/**
 * The demo organization's cold load (no memo): 250 members over 100 days, as the first chart or digest
 * of a new sandbox needs it, and 50,000 members over a week. Target: under 50 ms for 250 members.
 */
import { clearDemoMemo, createDemoSource } from '../src/demo/demo-source.js';
import { ms, percentile } from './stats.js';

const NOW = new Date('2026-11-21T08:00:00Z');
const LAST_100 = { from: '2026-08-13', to: '2026-11-20' };

export async function benchDemo(): Promise<Record<string, string>> {
  await createDemoSource({ seed: 1 }).load(LAST_100, NOW); // warm up the JIT
  const small: number[] = [];
  for (let i = 0; i < 30; i++) {
    clearDemoMemo();
    const started = performance.now();
    await createDemoSource({ seed: 100 + i }).load(LAST_100, NOW);
    small.push(performance.now() - started);
  }
  clearDemoMemo();
  const started = performance.now();
  await createDemoSource({ members: 50_000 }).load({ from: '2026-11-14', to: '2026-11-20' }, NOW);
  const big = performance.now() - started;
  return {
    'demo organization, 250 members × 100 days, cold load (p50 / p95 of 30)': `${ms(percentile(small, 50))} / ${ms(percentile(small, 95))}`,
    'demo organization, 50,000 members × 7 days, cold load': ms(big),
  };
}
