/**
 * Alert reposts as the README describes them (issue 22): a reminder leaves out acknowledged alerts, a
 * silence's label goes when the silence does, a resolution is noted once per channel with the reason, and
 * one clock times the lifecycle whoever calls it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type AlertEngine, createAlertEngine } from '../src/app/alert-engine.js';
import type { Evaluation } from '../src/domain/alerts.js';
import { complianceFindings } from '../src/domain/drift-rules.js';
import { createLogger } from '../src/logger.js';
import type { Db } from '../src/store/db.js';
import { insert } from '../src/store/delivery-repo.js';
import { createSubscriptionsRepo } from '../src/store/subscriptions-repo.js';
import { ENGINES, freshDatabase } from './support/databases.js';

const T0 = new Date('2026-12-07T08:00:00Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);
let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;

afterEach(async () => {
  await database?.drop();
  database = undefined;
});

function engine(db: Db, clock?: () => Date): AlertEngine {
  return createAlertEngine({
    db,
    org: 'acme',
    outbox: (key, delivery, tx) => insert(tx, key, delivery, T0),
    repeatMs: 24 * HOUR,
    logger: createLogger({ level: 'silent' }),
    ...(clock ? { clock } : {}),
  });
}

/** A Settings Reporting export: each user with a status. */
const report = (statuses: Record<string, string>): Evaluation =>
  complianceFindings(
    Object.entries(statuses).map(([user, status]) => ({
      username: user,
      email: `${user}@example.com`,
      machineId: null,
      complianceStatus: status as never,
      domainStatus: null,
      settingsStatus: null,
      assignedPolicy: null,
      lastPolicyFetch: null,
      desktopVersion: null,
    })),
    'acme',
  );

type Row = { key: string; kind: string; payload: { text?: string; blocks?: unknown } };
const deliveries = (db: Db) => db.query<Row>('SELECT key, kind, payload FROM delivery_queue ORDER BY id');
const since = async (db: Db, count: number) => (await deliveries(db)).slice(count);
const shown = (row: Row | undefined) => JSON.stringify(row?.payload.blocks ?? row?.payload.text ?? '');

describe.each(ENGINES)('alert reposts on %s', (dbEngine) => {
  async function setUp(): Promise<Db> {
    database = await freshDatabase(dbEngine);
    await createSubscriptionsRepo(database.db).subscribe(
      {
        channel: 'C0SEC',
        kind: 'drift',
        options: { minSeverity: 'low', threadUpdates: true },
        createdBy: 'U0A',
      },
      T0,
    );
    return database.db;
  }

  it('leaves an acknowledged alert out of the "still open" post when a silence over both ends', async () => {
    const db = await setUp();
    const e = engine(db);
    await e.evaluate([report({ bob: 'Non-compliant', carol: 'Non-compliant' })], at(0));
    expect(await e.acknowledge('drift.compliance:bob@example.com', 'U0ADMIN', at(1))).toBe('acknowledged');
    await e.silence('drift', HOUR, 'U0ADMIN', at(2));
    const before = (await deliveries(db)).length;
    expect((await e.notify(at(4))).posted).toBe(1);
    const reminder = (await since(db, before)).find((r) => r.kind === 'message');
    expect(reminder?.payload.text).toMatch(/^:bell: 1 drift alert still open: carol is Non-compliant$/);
    expect(shown(reminder)).not.toMatch(/\bbob\b/);
  });

  it('drops "Silenced until" from the messages once the silence ends, or at once when ended early', async () => {
    const db = await setUp();
    const e = engine(db);
    await e.evaluate([report({ bob: 'Non-compliant' }), report({ bob: 'Non-compliant' })], at(0));
    await e.silence('drift.compliance', HOUR, 'U0ADMIN', at(1));
    const labelled = (await deliveries(db)).at(-1);
    expect(labelled).toMatchObject({ key: 'alerts:1:update:1' });
    expect(shown(labelled)).toContain('Silenced until 7 Dec 2026, 10:00 UTC');

    const before = (await deliveries(db)).length;
    await e.notify(at(1.5));
    expect(await since(db, before)).toEqual([]);
    await e.notify(at(2));
    const cleared = (await since(db, before)).find((r) => r.key === 'alerts:1:update:2');
    expect(cleared).toBeDefined();
    expect(shown(cleared)).not.toContain('Silenced until');
    // Shown once: the next tick leaves the message alone.
    const after = (await deliveries(db)).length;
    await e.notify(at(2.5));
    expect((await since(db, after)).filter((r) => r.key.startsWith('alerts:1:'))).toEqual([]);

    const { id } = await e.silence('drift', 6 * HOUR, 'U0ADMIN', at(3));
    expect(shown((await deliveries(db)).at(-1))).toContain('Silenced until');
    expect(await e.unsilence(id, 'U0ADMIN', at(4))).toBe(true);
    const last = (await deliveries(db)).filter((r) => r.key.startsWith('alerts:1:update:')).at(-1);
    expect(shown(last)).not.toContain('Silenced until');
  });

  it('notes a resolution once per channel, in the latest message that lists it, saying why', async () => {
    const db = await setUp();
    const e = engine(db);
    await e.evaluate([report({ bob: 'Non-compliant', carol: 'Outdated' })], at(0));
    await e.notify(at(24));
    await e.notify(at(48));
    // Three messages carry both alerts; bob is compliant again, carol is gone from the report.
    const before = (await deliveries(db)).length;
    await e.evaluate([report({ bob: 'Compliant' })], at(50));
    const added = await since(db, before);
    expect(added.filter((r) => r.kind === 'update').map((r) => r.key)).toEqual([
      'alerts:1:update:1',
      'alerts:2:update:1',
      'alerts:3:update:1',
    ]);
    const notes = added.filter((r) => r.key.includes(':resolved:'));
    expect(notes.map((r) => r.key)).toEqual([
      'alerts:3:resolved:drift.compliance:bob@example.com:1',
      'alerts:3:resolved:drift.compliance:carol@example.com:1',
    ]);
    expect(notes[0]?.payload.text).toContain('bob is Non-compliant — the latest report shows it Compliant.');
    expect(notes[1]?.payload.text).toContain('carol is Outdated — no longer in the latest data.');
  });

  it('times repeats by its own clock when it has one, whatever time the caller passes', async () => {
    const db = await setUp();
    let wall = at(0);
    const e = engine(db, () => wall);
    // The import stamps real time; the sandbox's tick comes a data day ahead on its own clock.
    await e.evaluate([report({ bob: 'Non-compliant' })], at(0));
    wall = at(0.01);
    expect((await e.notify(at(26))).posted).toBe(0);
    wall = at(24);
    expect((await e.notify(at(26))).posted).toBe(1);
  });
});
