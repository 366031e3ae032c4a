import { createDigests } from '../src/app/digest.js';
import { createDemoSource } from '../src/demo/demo-source.js';
import { addDays, toDay } from '../src/domain/period.js';
import { createLogger } from '../src/logger.js';
import { renderDigestPng } from '../src/render/render-digest.js';
import { openDatabase } from '../src/store/db.js';
import { createMembersRepo } from '../src/store/members-repo.js';
import { createPointsRepo } from '../src/store/points-repo.js';
import { createStoredSource } from '../src/store/stored-source.js';
import { createSubscriptionsRepo } from '../src/store/subscriptions-repo.js';
import { TEST_DATABASE_URL } from '../test/support/databases.js';
import { ms, peakRssMb, percentile } from './stats.js';

const ORG = 'bigcorp';
const MEMBERS = 50_000;
const DAYS = 90;
const RUNS = 15;

/**
 * The digest job's work for a 50,000-member organization with 90 days of stored history, on
 * PostgreSQL: read the store, compute every figure and change (a dry run), then draw the image.
 */
export async function benchDigest(): Promise<Record<string, string>> {
  const schema = `bench_digest_${process.pid}`;
  const db = await openDatabase({ databaseUrl: TEST_DATABASE_URL, schema });
  const logger = createLogger({ level: 'silent' });
  try {
    const now = new Date();
    const dataDay = addDays(toDay(now), -1);
    const demo = await createDemoSource({ org: ORG, members: MEMBERS }).load(
      { from: addDays(dataDay, -(DAYS - 1)), to: dataDay },
      now,
    );
    await createMembersRepo(db).upsert(ORG, demo.members, 'bench', now);
    await createPointsRepo(db).upsert(ORG, demo.points, 'bench');
    const subscriptions = createSubscriptionsRepo(db);
    await subscriptions.subscribe(
      { channel: 'C0BENCH', kind: 'digest', options: { at: '00:00', timeZone: 'UTC' }, createdBy: 'U0BENCH' },
      now,
    );
    const digests = createDigests({
      source: createStoredSource(db, ORG),
      subscriptions,
      // A dry run queues nothing: the queue is never called.
      queue: {
        enqueue: () => Promise.reject(new Error('a dry run queues nothing')),
        queued: async () => new Set(),
      },
      renderDigest: async (d) => renderDigestPng(d),
      openAlerts: async () => 0,
      logger,
    });

    const compute: number[] = [];
    const render: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      const run = await digests.run(now, { dryRun: true });
      compute.push(performance.now() - t);
      if (!run.digest || run.digest.sections.length === 0) throw new Error('no digest was built');
      t = performance.now();
      renderDigestPng(run.digest);
      render.push(performance.now() - t);
    }
    return {
      [`digest, ${MEMBERS.toLocaleString('en')} members × ${DAYS} days stored (PostgreSQL): read + compute`]: `first ${ms(compute[0] ?? Number.NaN)}, p50 ${ms(percentile(compute, 50))}, p99 ${ms(percentile(compute, 99))}`,
      'digest image (1200×675 PNG, main thread)': `p50 ${ms(percentile(render, 50))}, peak RSS ${peakRssMb().toFixed(0)} MB`,
    };
  } finally {
    await db.query(`DROP SCHEMA ${schema} CASCADE`);
    await db.close();
  }
}
