import { describe, expect, it } from 'vitest';
import { dataAgeSeconds, postKind } from './metrics.js';

describe('metrics labels and figures', () => {
  it('names a post by its purpose only, never its channel or text', () => {
    expect(postKind('digest:C0INSIGHTS:2026-11-20')).toBe('digest');
    expect(postKind('alerts:42')).toBe('alert');
    expect(postKind('alerts:42:update:3')).toBe('alert');
    expect(postKind('alerts:42:resolved:drift.compliance:bob:1')).toBe('alert');
    expect(postKind('hub:acme/api:1.4:1796000000000:C0BUILDS')).toBe('hub');
    expect(postKind('bench-1')).toBe('other');
    expect(postKind('something:else')).toBe('other');
  });

  it('ages data from the end of its data day', () => {
    const now = new Date('2026-11-21T08:00:00Z');
    expect(dataAgeSeconds('2026-11-20', now)).toBe(8 * 3600);
    expect(dataAgeSeconds('2026-11-18', now)).toBe(2 * 86_400 + 8 * 3600);
    expect(dataAgeSeconds('2026-11-21', now)).toBe(0);
  });
});
