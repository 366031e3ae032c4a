import { afterEach, describe, expect, it } from 'vitest';
import { type AlertEngine, createAlertEngine } from '../src/app/alert-engine.js';
import type { Evaluation } from '../src/domain/alerts.js';
import { complianceFindings } from '../src/domain/drift-rules.js';
import { createLogger } from '../src/logger.js';
import type { Db } from '../src/store/db.js';
import { insert } from '../src/store/delivery-repo.js';
import { createSubscriptionsRepo } from '../src/store/subscriptions-repo.js';
import { ENGINES, freshDatabase } from './support/databases.js';

const T0 = new Date('2026-11-21T08:00:00Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);
let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;

afterEach(async () => {
  await database?.drop();
  database = undefined;
});

function deps(db: Db): AlertEngine {
  return createAlertEngine({
    db,
    org: 'acme',
    outbox: (key, delivery, tx) => insert(tx, key, delivery, T0),
    repeatMs: 24 * HOUR,
    logger: createLogger({ level: 'silent' }),
  });
}

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

const deliveries = (db: Db) =>
  db.query<{ key: string; kind: string; channel: string }>(
    'SELECT key, kind, channel FROM delivery_queue ORDER BY id',
  );

describe.each(ENGINES)('alert engine on %s', (engine) => {
  async function setUp(): Promise<Db> {
    database = await freshDatabase(engine);
    const subs = createSubscriptionsRepo(database.db);
    await subs.subscribe(
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

  it('queues one grouped post, nothing for the same data, an update and a thread note on resolve', async () => {
    const db = await setUp();
    const d = deps(db);
    expect(await d.evaluate([report({ bob: 'Non-compliant', carol: 'Outdated' })], at(0))).toEqual({
      opened: 2,
      resolved: 0,
      posted: 1,
    });
    expect(await d.evaluate([report({ bob: 'Non-compliant', carol: 'Outdated' })], at(1))).toEqual({
      opened: 0,
      resolved: 0,
      posted: 0,
    });
    await d.evaluate([report({ bob: 'Non-compliant', carol: 'Compliant' })], at(2));
    expect(await deliveries(db)).toEqual([
      { key: 'alerts:1', kind: 'message', channel: 'C0SEC' },
      { key: 'alerts:1:update:1', kind: 'update', channel: 'C0SEC' },
      { key: 'alerts:1:resolved:drift.compliance:carol@example.com:1', kind: 'message', channel: 'C0SEC' },
    ]);

    // A day later bob is still open and unacknowledged: reminded once, then quiet until the next interval.
    expect((await d.notify(at(24))).posted).toBe(1);
    expect((await d.notify(at(25))).posted).toBe(0);
    expect(await d.acknowledge('drift.compliance:bob@example.com', 'U0ADMIN', at(26))).toBe('acknowledged');
    expect(await d.acknowledge('drift.compliance:bob@example.com', 'U0ADMIN', at(26))).toBe('already');
    expect((await d.notify(at(60))).posted).toBe(0);
    const keys = (await deliveries(db)).map((r) => r.key);
    // The acknowledgement updated both messages that show bob.
    expect(keys.slice(3)).toEqual(['alerts:2', 'alerts:1:update:2', 'alerts:2:update:1']);
  });

  it('two replicas evaluating the same report at once post it once', async () => {
    const db = await setUp();
    const other = (await database?.openAgain()) ?? db;
    try {
      const runs = await Promise.all([
        deps(db).evaluate([report({ bob: 'Non-compliant' })], at(0)),
        deps(other).evaluate([report({ bob: 'Non-compliant' })], at(0)),
      ]);
      expect(runs.map((r) => r.posted).sort()).toEqual([0, 1]);
      expect(await deliveries(db)).toHaveLength(1);
    } finally {
      if (other !== db) await other.close();
    }
  });
});
