import { afterEach, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../src/domain/activity-event.js';
import { activityRecord } from '../src/domain/siem-records.js';
import { createActivityRepo } from '../src/store/activity-repo.js';
import { backfillActivity, createSiemRepo, enqueueSiem } from '../src/store/siem-repo.js';
import { ENGINES, type FreshDatabase, freshDatabase } from './support/databases.js';

const NOW = new Date('2026-11-21T08:00:00Z');
let database: FreshDatabase | undefined;
afterEach(async () => {
  await database?.drop();
  database = undefined;
});

const event = (i: number): ActivityEvent => ({
  id: `e${i}`,
  at: new Date(NOW.getTime() - (10 - i) * 60_000).toISOString(),
  action: 'org.member.role.change',
  name: 'acme',
  actor: `user-${i}`,
  data: i === 1 ? {} : { role: 'owner', from: 'member' },
  description: 'changed a member’s role',
});

describe.each(ENGINES)('the SIEM outbox on %s', (engine) => {
  it('backfills in SQL exactly the bodies the record builder makes, in time order, once', async () => {
    database = await freshDatabase(engine);
    const { db } = database;
    const events = [3, 1, 2].map(event);
    await createActivityRepo(db).insert('acme', events);
    const repo = createSiemRepo(db);
    expect(await repo.register(['splunk', 'webhook'], NOW)).toEqual(['splunk', 'webhook']);
    expect(await backfillActivity(db, 'splunk', 'acme', new Date(NOW.getTime() - 86_400_000))).toBe(3);
    expect(await backfillActivity(db, 'splunk', 'acme', new Date(0))).toBe(0);
    // Live records, for every configured destination; the backfilled ones are not queued twice.
    await enqueueSiem(db, events.map(activityRecord));

    const backfilled = await repo.pending('splunk', 10);
    expect(backfilled.map((r) => r.key)).toEqual(['activity:e1', 'activity:e2', 'activity:e3']);
    for (const r of backfilled) {
      const built = activityRecord(events.find((e) => `activity:${e.id}` === r.key) as ActivityEvent);
      expect(JSON.parse(r.json)).toEqual(built.body);
      expect(r.at).toBe(built.at);
    }
    const live = await repo.pending('webhook', 10);
    expect(live.map((r) => r.key)).toEqual(['activity:e3', 'activity:e1', 'activity:e2']);

    // A destination no longer configured gets nothing new; states list the configured ones.
    await repo.register(['webhook'], NOW);
    await enqueueSiem(db, [activityRecord(event(4))]);
    expect((await repo.pending('splunk', 10)).map((r) => r.key)).not.toContain('activity:e4');
    const [webhook] = await repo.states();
    expect(webhook).toMatchObject({ name: 'webhook', state: 'active', queued: 4, dead: 0 });
  });
});
