import { afterEach, describe, expect, it } from 'vitest';
import { auditRecord } from '../src/domain/siem-records.js';
import { createAlertsRepo } from '../src/store/alerts-repo.js';
import { insert } from '../src/store/delivery-repo.js';
import { readiness } from '../src/store/health.js';
import { readOperationsSnapshot } from '../src/store/metrics-repo.js';
import { createSiemRepo, enqueueSiem } from '../src/store/siem-repo.js';
import { createStatusRepo } from '../src/store/status-repo.js';
import { openAlert } from './support/alerts.js';
import { ENGINES, type FreshDatabase, freshDatabase } from './support/databases.js';

const AT = new Date('2026-11-20T08:00:00Z');
const later = (minutes: number) => new Date(AT.getTime() + minutes * 60_000);

describe.each(ENGINES)('the /metrics snapshot and readiness (%s)', (engine) => {
  let fresh: FreshDatabase | undefined;
  afterEach(async () => {
    await fresh?.drop();
    fresh = undefined;
  });

  it('reads the backlog, the sources, the open alerts, the SIEM outbox and the seats in one statement', async () => {
    fresh = await freshDatabase(engine);
    const { db } = fresh;
    expect(await readOperationsSnapshot(db, 'acme')).toEqual({
      delivery: { backlog: 0, oldestDueAt: null },
      sources: [],
      openAlerts: [],
      siem: [],
      seats: null,
    });

    const alerts = createAlertsRepo(db, 'acme');
    await alerts.save([
      openAlert({ rule: 'drift.compliance', entity: 'bob', severity: 'high' }, AT),
      openAlert({ rule: 'drift.compliance', entity: 'carol', severity: 'high' }, AT),
      openAlert({ rule: 'drift.compliance', entity: 'dave', severity: 'low' }, AT),
      openAlert({ rule: 'scout.policy', entity: 'api', severity: 'critical' }, AT),
      { ...openAlert({ rule: 'scout.policy', entity: 'web', severity: 'critical' }, AT), state: 'resolved' },
    ]);
    await createAlertsRepo(db, 'other').save([openAlert({ rule: 'drift.compliance', entity: 'x' }, AT)]);
    await insert(db, 'digest:C1:2026-11-19', { kind: 'message', channel: 'C1', text: 'a' }, later(5));
    await insert(db, 'alerts:1', { kind: 'message', channel: 'C2', text: 'b' }, later(1));
    // Due an hour from now: waiting, but not late, so not the oldest pending (as /healthz reads it).
    await insert(
      db,
      'digest:C3:ahead',
      { kind: 'message', channel: 'C3', text: 'c' },
      new Date(Date.now() + 3_600_000),
    );
    const status = createStatusRepo(db);
    await status.success('acme', 'hub-members', later(2), '250 members', '2026-11-19');
    await status.failure('acme', 'activity-log', later(3), 'HTTP 503');
    await createSiemRepo(db).register(['splunk'], AT);
    const entry = { at: AT, actor: 'U0ALICE', action: 'alert.acknowledge', target: 'drift.compliance:bob' };
    await enqueueSiem(db, [auditRecord(1, entry), auditRecord(2, entry)]);
    const [first] = await createSiemRepo(db).pending('splunk', 1);
    await createSiemRepo(db).delivered('splunk', [first?.id ?? 0], later(4));
    // Seats: the latest day's snapshot (members + invites, and DOCKER_SEATS), this organization's only.
    const snapshot = (org: string, day: string, purchased: number | null, members: number, invites: number) =>
      db.query(
        `INSERT INTO seat_snapshots (org, day, purchased, members, invites, active, idle30, idle60, idle90,
           never_active, new_members, exempt, guests, updated_at)
         VALUES ($1, $2::date, $3, $4, $5, 0, 0, 0, 0, 0, 0, 0, 0, $6)`,
        [org, day, purchased, members, invites, AT],
      );
    await snapshot('acme', '2026-11-18', 250, 230, 4);
    await snapshot('acme', '2026-11-19', 260, 241, 7);
    await snapshot('other', '2026-11-20', 10, 9, 0);

    expect(await readOperationsSnapshot(db, 'acme')).toEqual({
      delivery: { backlog: 3, oldestDueAt: later(1) },
      sources: [
        { source: 'activity-log', lastSuccessAt: null, lastErrorAt: later(3), dataAsOf: null },
        { source: 'hub-members', lastSuccessAt: later(2), lastErrorAt: null, dataAsOf: '2026-11-19' },
      ],
      openAlerts: [
        { rule: 'drift.compliance', severity: 'high', count: 2 },
        { rule: 'drift.compliance', severity: 'low', count: 1 },
        { rule: 'scout.policy', severity: 'critical', count: 1 },
      ],
      siem: [{ destination: 'splunk', queued: 1, dead: 0, lastSuccessAt: later(4) }],
      seats: { used: 248, purchased: 260 },
    });
  });

  it('is ready with every migration applied, not with one missing, and says when the database is gone', async () => {
    fresh = await freshDatabase(engine);
    const { db } = fresh;
    expect(await readiness(db)).toBe('ready');
    const [row] = await db.query<{ name: string }>(
      "DELETE FROM schema_migrations WHERE name LIKE '003_%' RETURNING name",
    );
    expect(await readiness(db)).toBe('migrations_pending');
    await db.query('INSERT INTO schema_migrations (name) VALUES ($1)', [row?.name]);
    expect(await readiness(db)).toBe('ready');
    const other = await fresh.openAgain();
    await other.close();
    expect(await readiness(other)).toBe('database_down');
  });
});
