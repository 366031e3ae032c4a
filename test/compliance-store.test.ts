import { afterEach, describe, expect, it } from 'vitest';
import { createCompliance } from '../src/app/compliance.js';
import type { ComplianceRecord, ComplianceStatus } from '../src/domain/compliance.js';
import { createAlertsRepo } from '../src/store/alerts-repo.js';
import { createComplianceRepo } from '../src/store/compliance-repo.js';
import type { Db } from '../src/store/db.js';
import { ENGINES, freshDatabase } from './support/databases.js';

const AT = new Date('2026-11-21T07:30:00Z');

const record = (username: string, status: ComplianceStatus, machineId: string | null = null) =>
  ({
    username,
    email: `${username}@example.com`,
    machineId,
    complianceStatus: status,
    domainStatus: 'Verified',
    settingsStatus: 'Global policy',
    assignedPolicy: 'Default org policy',
    lastPolicyFetch: '2026-11-20T08:00:00.000Z',
    desktopVersion: '4.40.0',
  }) satisfies ComplianceRecord;

async function storeReport(db: Db, filename: string, records: ComplianceRecord[], at = AT) {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO imports (org, kind, filename, sha256, rows, imported_at)
     VALUES ('acme', 'compliance', $1, $2, $3, $4) RETURNING id`,
    [filename, `sha-${filename}`, records.length, at],
  );
  await createComplianceRepo(db).replace('acme', records, Number(row?.id));
}

describe.each(ENGINES)('the compliance summary on %s', (engine) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('counts per status, lists the most severe first, and names the latest import', async () => {
    const { db, drop } = await freshDatabase(engine);
    cleanup = drop;
    expect(await createCompliance({ db, org: 'acme' }).summary()).toMatchObject({ report: null, total: 0 });

    await storeReport(db, 'old.csv', [record('zed', 'Non-compliant')], new Date('2026-11-01T00:00:00Z'));
    const statuses: ComplianceStatus[] = ['Unknown', 'Outdated', 'No policy assigned', 'Compliant'];
    const records = [
      ...Array.from({ length: 30 }, (_, i) =>
        record(`user${String(i).padStart(2, '0')}`, statuses[i % 4] ?? 'Compliant'),
      ),
      record('yves', 'Uncontrolled domain'),
      record('bob', 'Non-compliant', 'MAC-2'),
      record('bob', 'Non-compliant', 'MAC-1'),
    ];
    await storeReport(db, 'settings-reporting.csv', records);
    // An alert of another family and a resolved drift alert do not count.
    const alerts = createAlertsRepo(db, 'acme');
    const alert = (fingerprint: string, rule: string, state: 'open' | 'resolved') => ({
      fingerprint,
      rule,
      entity: fingerprint,
      severity: 'high' as const,
      title: fingerprint,
      facts: [],
      advice: '',
      link: '',
      state,
      episode: 1,
      oneShot: false,
      firstSeen: AT,
      lastSeen: AT,
      openedAt: AT,
      resolvedAt: null,
      notifiedAt: null,
      ackedBy: null,
      ackedAt: null,
    });
    await alerts.save([
      alert('drift.compliance:bob', 'drift.compliance', 'open'),
      alert('drift.desktop-version:bob', 'drift.desktop-version', 'open'),
      alert('drift.compliance:carol', 'drift.compliance', 'resolved'),
      alert('scout.policy:x', 'scout.policy', 'open'),
      alert('driftwood:x', 'driftwood', 'open'),
    ]);

    const s = await createCompliance({ db, org: 'acme' }).summary();
    expect(s.report).toEqual({ filename: 'settings-reporting.csv', importedAt: AT });
    expect(s.total).toBe(33);
    expect(Object.fromEntries(s.counts.map((c) => [c.status, c.count]))).toEqual({
      Compliant: 7,
      'Non-compliant': 2,
      Outdated: 8,
      'No policy assigned': 7,
      'Uncontrolled domain': 1,
      Unknown: 8,
    });
    expect(s.nonCompliantTotal).toBe(26);
    expect(s.openDriftAlerts).toBe(2);
    expect(s.nonCompliant).toHaveLength(20);
    expect(s.nonCompliant.slice(0, 4).map((e) => [e.machineId ?? e.username, e.status])).toEqual([
      ['MAC-1', 'Non-compliant'],
      ['MAC-2', 'Non-compliant'],
      ['yves', 'Uncontrolled domain'],
      ['user01', 'Outdated'],
    ]);
    // Medium before low: every Outdated and No policy assigned, then the first two Unknown.
    expect(s.nonCompliant.slice(3).map((e) => e.severity)).toEqual([
      ...Array(15).fill('medium'),
      'low',
      'low',
    ]);
    expect(s.nonCompliant.some((e) => e.username === 'zed')).toBe(false);
  });

  it('names an empty report (no rows) as the latest import', async () => {
    const { db, drop } = await freshDatabase(engine);
    cleanup = drop;
    await storeReport(db, 'first.csv', [record('bob', 'Non-compliant')]);
    await storeReport(db, 'empty.csv', [], new Date('2026-11-21T09:00:00Z'));
    const s = await createCompliance({ db, org: 'acme' }).summary();
    expect(s.report?.filename).toBe('empty.csv');
    expect(s.total).toBe(0);
    expect(s.nonCompliant).toEqual([]);
  });
});
