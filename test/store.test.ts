import { afterEach, describe, expect, it } from 'vitest';
import { createChartPostsRepo } from '../src/store/chart-posts-repo.js';
import { migrate } from '../src/store/db.js';
import { createMembersRepo } from '../src/store/members-repo.js';
import { ENGINES, freshDatabase } from './support/databases.js';

describe.each(ENGINES)('store on %s', (engine) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('reads members a page at a time, each once, in key order', async () => {
    const { db, drop } = await freshDatabase(engine);
    cleanup = drop;
    const repo = createMembersRepo(db);
    const members = Array.from({ length: 12 }, (_, i) => ({
      username: `user${String(i).padStart(2, '0')}`,
      email: `user${i}@example.com`,
      name: `User ${i}`,
    }));
    await repo.upsert('acme', members.reverse(), 'test', new Date('2026-11-21T08:00:00Z'));
    const pages: string[][] = [];
    for await (const page of repo.pages('acme', 5)) pages.push(page.map((m) => m.username));
    expect(pages.map((p) => p.length)).toEqual([5, 5, 2]);
    expect(pages.flat()).toEqual((await repo.list('acme')).map((m) => m.username));
    expect(new Set(pages.flat()).size).toBe(12);
  });

  it('migrates once and round-trips chart posts', async () => {
    const { db, drop } = await freshDatabase(engine);
    cleanup = drop;
    expect(db.kind).toBe(engine);
    expect(await migrate(db)).toEqual([]); // already applied by openDatabase: nothing twice

    const repo = createChartPostsRepo(db);
    const at = new Date('2026-11-21T08:00:00.000Z');
    await repo.record({
      at,
      channel: 'C1',
      requestedBy: 'U1',
      chart: 'containers',
      period: '1m',
      fileId: 'F1',
      outcome: 'posted',
      durationMs: 123,
    });
    await repo.record({
      ...(at && { at: new Date(at.getTime() + 1000) }),
      channel: 'G2',
      requestedBy: 'U2',
      chart: 'users',
      period: '1w',
      fileId: null,
      outcome: 'private_channel',
      durationMs: 7,
    });
    const rows = await repo.recent();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ channel: 'G2', fileId: null, outcome: 'private_channel', durationMs: 7 });
    expect(rows[1]).toEqual({
      at,
      channel: 'C1',
      requestedBy: 'U1',
      chart: 'containers',
      period: '1m',
      fileId: 'F1',
      outcome: 'posted',
      durationMs: 123,
    });
  });

  it('rolls a failed transaction back completely', async () => {
    const { db, drop } = await freshDatabase(engine);
    cleanup = drop;
    const repo = createChartPostsRepo(db);
    await expect(
      db.transaction(async (tx) => {
        await createChartPostsRepo(tx).record({
          at: new Date('2026-11-21T08:00:00Z'),
          channel: 'C1',
          requestedBy: 'U1',
          chart: 'users',
          period: '1m',
          fileId: null,
          outcome: 'posted',
          durationMs: 1,
        });
        await tx.query('SELECT * FROM no_such_table');
      }),
    ).rejects.toThrow();
    expect(await repo.recent()).toEqual([]);
  });

  it('lets only one holder take a named lock at a time', async () => {
    const { db, drop } = await freshDatabase(engine);
    cleanup = drop;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const first = db.withLock('job:digest', async () => {
      entered();
      await held;
      return 'first';
    });
    await inside;
    expect(await db.withLock('job:digest', async () => 'second')).toBeUndefined();
    release();
    expect(await first).toBe('first');
    expect(await db.withLock('job:digest', async () => 'third')).toBe('third');
  });
});
