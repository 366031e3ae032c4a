import { afterEach, describe, expect, it } from 'vitest';
import { createHomeVisitsRepo } from '../src/store/home-visits-repo.js';
import { ENGINES, freshDatabase } from './support/databases.js';

const AT = new Date('2026-11-21T08:00:00.000Z');
const later = (minutes: number) => new Date(AT.getTime() + minutes * 60_000);

describe.each(ENGINES)('Home tab visits on %s', (engine) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('counts visits, knows the first one, and lists recent visitors newest first', async () => {
    const { db, drop } = await freshDatabase(engine);
    cleanup = drop;
    const repo = createHomeVisitsRepo(db);
    expect(await repo.get('U1')).toBeNull();
    expect(await repo.record('U1', AT)).toEqual({ user: 'U1', firstAt: AT, lastAt: AT, visits: 1 });
    expect(await repo.record('U1', later(5))).toMatchObject({ firstAt: AT, lastAt: later(5), visits: 2 });
    // A visit recorded late (another replica) never moves the last visit back.
    expect(await repo.record('U1', later(1))).toMatchObject({ lastAt: later(5), visits: 3 });
    await repo.record('U2', later(10));
    await repo.record('U3', later(-600));
    expect(await repo.recent(later(-60), 10)).toEqual(['U2', 'U1']);
    expect(await repo.recent(later(-60), 1)).toEqual(['U2']);
    expect((await repo.get('U3'))?.visits).toBe(1);
  });

  it('counts concurrent first visits of one user once each', async () => {
    const { db, drop } = await freshDatabase(engine);
    cleanup = drop;
    const repo = createHomeVisitsRepo(db);
    const visits = await Promise.all(Array.from({ length: 5 }, (_, i) => repo.record('U1', later(i))));
    expect(visits.map((v) => v.visits).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
