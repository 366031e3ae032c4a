import { describe, expect, it } from 'vitest';
import { suggestChart } from './charts.js';
import { closest, editDistance } from './did-you-mean.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as one edit each', () => {
    expect(editDistance('users', 'users')).toBe(0);
    expect(editDistance('user', 'users')).toBe(1);
    expect(editDistance('usres', 'users')).toBe(1);
    expect(editDistance('imgs', 'images')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('closest', () => {
  const words = ['alpha', 'beta', 'gamma'] as const;

  it('finds the nearest candidate within the distance, case-insensitively', () => {
    expect(closest('ALPAH', words)).toBe('alpha');
    expect(closest(' gama ', words)).toBe('gamma');
  });

  it('gives nothing beyond the distance or for empty input', () => {
    expect(closest('delta', words)).toBe('beta');
    expect(closest('omega', words)).toBeUndefined();
    expect(closest('', words)).toBeUndefined();
    expect(closest('bta', words, 0)).toBeUndefined();
    expect(closest('bta', words, 1)).toBe('beta');
  });
});

describe('suggestChart', () => {
  it.each([
    ['containr', 'containers'],
    ['user', 'users'],
    ['imgs', 'images'],
    ['biulds', 'builds'],
    ['extension', 'extensions'],
    ['Usage', 'usage'],
  ])('%s → %s', (input, expected) => {
    expect(suggestChart(input)).toBe(expected);
  });

  it('has no suggestion for unrelated words', () => {
    expect(suggestChart('compliance')).toBeUndefined();
    expect(suggestChart('xyz')).toBeUndefined();
  });
});
