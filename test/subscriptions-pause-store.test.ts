import { afterEach, describe, expect, it } from 'vitest';
import { createSubscriptions } from '../src/app/subscriptions.js';
import { failures, insert } from '../src/store/delivery-repo.js';
import { ENGINES, type FreshDatabase, freshDatabase } from './support/databases.js';

// Migration 011 on both engines: paused subscriptions, and given-up posts dismissed by an unsubscribe.
const AT = new Date('2026-11-21T08:00:00Z');
const digest = { at: '09:00', timeZone: 'UTC' };
const drift = { minSeverity: 'low' as const, threadUpdates: true };
let database: FreshDatabase | undefined;

afterEach(async () => {
  await database?.drop();
  database = undefined;
});

describe.each(ENGINES)('subscription pauses (%s)', (engine) => {
  it('pauses a channel’s subscriptions, lists them apart, resumes on subscribe; unsubscribing dismisses its failures', async () => {
    database = await freshDatabase(engine);
    const { db } = database;
    const subs = createSubscriptions(db);
    await subs.subscribe({ channel: 'C1', kind: 'digest', options: digest, createdBy: 'U0A' }, AT);
    await subs.subscribe({ channel: 'C1', kind: 'drift', options: drift, createdBy: 'U0A' }, AT);
    await subs.subscribe({ channel: 'C2', kind: 'digest', options: digest, createdBy: 'U0A' }, AT);

    expect(await subs.pauseChannel('C1', 'is_archived', AT)).toEqual(['digest', 'drift']);
    expect(await subs.pauseChannel('C1', 'is_archived', AT)).toEqual([]);
    expect((await subs.list('digest')).map((s) => s.channel)).toEqual(['C2']);
    const all = await subs.list(undefined, { withPaused: true });
    expect(all.map((s) => [s.channel, s.kind, s.paused?.reason ?? null])).toEqual([
      ['C1', 'digest', 'is_archived'],
      ['C1', 'drift', 'is_archived'],
      ['C2', 'digest', null],
    ]);
    const trail = await db.query<{ actor: string; action: string }>(
      `SELECT actor, action FROM audit_log WHERE action LIKE 'pause.%' ORDER BY action`,
    );
    expect(trail).toEqual([
      { actor: 'insights-bot', action: 'pause.digest' },
      { actor: 'insights-bot', action: 'pause.drift' },
    ]);

    await subs.subscribe({ channel: 'C1', kind: 'drift', options: drift, createdBy: 'U0A' }, AT);
    expect((await subs.list('drift')).map((s) => s.channel)).toEqual(['C1']);

    // Given-up posts: a digest and an alert message to C1.
    for (const key of ['digest:C1:2026-11-20', 'alerts:7']) {
      await insert(db, key, { kind: 'message', channel: 'C1', text: key }, AT);
    }
    await db.query(`UPDATE delivery_queue SET state = 'failed', last_error = 'is_archived', done_at = $1`, [
      AT,
    ]);
    expect(await subs.unsubscribe('C1', 'digest', 'U0A', AT)).toBe(true);
    expect((await failures(db, 10)).map((f) => f.key)).toEqual(['alerts:7']);
    expect(await subs.unsubscribe('C1', 'drift', 'U0A', AT)).toBe(true);
    expect(await failures(db, 10)).toEqual([]);
  });
});
