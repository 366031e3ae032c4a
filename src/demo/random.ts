/** A tiny seeded PRNG: the demo organization must be the same for the same seed and day. */
export type Rng = () => number;

/** mulberry32: 32-bit state, good enough for plausible demo data, and fast. */
export function mulberry32(seed: number): Rng {
  // State in a typed array: a plain captured number above 2^30 would be boxed on every call.
  const state = new Uint32Array([seed >>> 0]);
  return () => {
    state[0] = (state[0] ?? 0) + 0x6d2b79f5;
    let t = state[0] ?? 0;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes integers into one 32-bit seed, so each (seed, day, stream) gets its own sequence. */
export function hashInts(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const v of values) {
    h = Math.imul(h ^ (v | 0), 0x01000193);
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

/** A float in [min, max). */
export function between(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng();
}

/** An integer in [min, max]. */
export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor((max - min + 1) * rng());
}

/** An index drawn with the given (not necessarily normalised) weights. */
export function weightedIndex(rng: Rng, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let r = rng() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i] ?? 0;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/** An item of a non-empty list. */
export function pick<T>(rng: Rng, items: readonly [T, ...T[]]): T {
  return items[Math.floor(rng() * items.length)] ?? items[0];
}
