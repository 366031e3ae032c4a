/** Percentile of a sample (nearest-rank). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function ms(n: number): string {
  return `${n.toFixed(1)} ms`;
}

/** Peak resident memory of this process so far (each benchmark runs in its own process). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
