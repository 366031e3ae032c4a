import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { matchesActivityFilter, parseActivityFilter } from '../src/domain/activity-filter.js';
import type { ComplianceRecord } from '../src/domain/compliance.js';
import { type ActivityEvent, createActivityRepo } from '../src/store/activity-repo.js';
import { createComplianceRepo } from '../src/store/compliance-repo.js';
import { type Db, openDatabase } from '../src/store/db.js';
import { runCli } from './support/cli.js';
import { ENGINES, type Engine, freshDatabase, TEST_DATABASE_URL } from './support/databases.js';
import { BASE_ENV, readCsv, summary } from './support/export-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'insights-export-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ORG = 'globex';

const COMPLIANCE: ComplianceRecord[] = [
  {
    username: 'alice',
    email: 'alice@globex.example',
    machineId: 'MAC-A1',
    complianceStatus: 'Compliant',
    domainStatus: 'Verified',
    settingsStatus: 'Global policy',
    assignedPolicy: 'Default policy',
    lastPolicyFetch: '2026-11-19T08:15:00.000Z',
    desktopVersion: '4.52.0',
  },
  {
    username: 'søren',
    email: 'søren@globex.example',
    machineId: null,
    complianceStatus: 'Non-compliant',
    domainStatus: 'Guest user',
    settingsStatus: 'User policy',
    assignedPolicy: '=cmd|" /C calc"!A0',
    lastPolicyFetch: '2026-11-20T17:45:30.000Z',
    desktopVersion: '4.40.1',
  },
  {
    username: null,
    email: 'bob@globex.example',
    machineId: null,
    complianceStatus: 'No policy assigned',
    domainStatus: null,
    settingsStatus: null,
    assignedPolicy: null,
    lastPolicyFetch: null,
    desktopVersion: null,
  },
];

/** 2,500 events (more than one page of the search) over November; a tenth by alice on settings policies. */
function activityEvents(): ActivityEvent[] {
  const actions = [
    'repo.tag.push',
    'enterprise.setting.policy.update',
    'org.member.invite.send',
    'enterprise.setting.policy.create',
  ];
  return Array.from({ length: 2500 }, (_, i): ActivityEvent => {
    const action = actions[i % actions.length] ?? 'repo.tag.push';
    return {
      id: `e${i}`,
      at: new Date(Date.parse('2026-10-25T00:00:00Z') + Math.floor(i / 2) * 1_500_000).toISOString(),
      action,
      name: action === 'repo.tag.push' ? `${ORG}/api` : ORG,
      actor: i % 5 === 1 ? 'Alice' : `user${i % 7}`,
      data: action === 'org.member.invite.send' ? { invitee: `guest${i}@example.com`, role: 'member' } : {},
      description: `${action} number ${i}, "quoted"`,
    };
  });
}

describe.each(ENGINES)('insights-bot export compliance and activity on %s', (engine: Engine) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  /** A store the CLI can open (an embedded database's folder, or a PostgreSQL schema), seeded through the repositories. */
  async function seededStore(): Promise<Record<string, string>> {
    let db: Db;
    let env: Record<string, string>;
    if (engine === 'embedded') {
      const dataDir = join(dir, `store-${Math.random().toString(36).slice(2)}`);
      db = await openDatabase({ dataDir });
      env = { DATA_DIR: dataDir };
      cleanup = async () => undefined;
    } else {
      const fresh = await freshDatabase('postgres');
      db = fresh.db;
      const separator = TEST_DATABASE_URL.includes('?') ? '&' : '?';
      env = { DATABASE_URL: `${TEST_DATABASE_URL}${separator}options=-c%20search_path%3D${fresh.schema}` };
      cleanup = fresh.drop;
    }
    await db.transaction((tx) => createComplianceRepo(tx).replace(ORG, COMPLIANCE, 1));
    await createActivityRepo(db).insert(ORG, activityEvents());
    if (engine === 'embedded') await db.close();
    return { ...BASE_ENV, DOCKER_ORG: ORG, ...env };
  }

  it('exports the stored compliance report and the filtered activity log', async () => {
    const env = await seededStore();

    const complianceOut = join(dir, `${engine}-compliance.csv`);
    const compliance = await runCli(['export', 'compliance', '--out', complianceOut], env);
    expect(compliance.stderr).toBe('');
    expect(compliance.code).toBe(0);
    expect(summary(compliance.stdout)).toMatchObject({
      org: ORG,
      title: 'settings compliance',
      rows: 3,
      asOf: '2026-11-20',
    });
    const c = await readCsv(complianceOut);
    expect(c.header).toEqual([
      'Username',
      'Email',
      'Machine ID',
      'Compliance Status',
      'Domain Status',
      'Settings Status',
      'Assigned Policy',
      'Last Policy Fetch',
      'Docker Desktop Version',
    ]);
    // Ordered by the entity (machine, else email): bob@…, mac-a1, søren@….
    expect(c.rows).toEqual([
      ['', 'bob@globex.example', '', 'No policy assigned', '', '', '', '', ''],
      [
        'alice',
        'alice@globex.example',
        'MAC-A1',
        'Compliant',
        'Verified',
        'Global policy',
        'Default policy',
        '2026-11-19T08:15:00Z',
        '4.52.0',
      ],
      [
        'søren',
        'søren@globex.example',
        '',
        'Non-compliant',
        'Guest user',
        'User policy',
        `'=cmd|" /C calc"!A0`,
        '2026-11-20T17:45:30Z',
        '4.40.1',
      ],
    ]);

    const events = activityEvents();
    const allOut = join(dir, `${engine}-activity.csv`);
    const all = await runCli(['export', 'activity', '--out', allOut], env);
    expect(all.stderr).toBe('');
    expect(all.code).toBe(0);
    const latest = events.at(-1)?.at.slice(0, 10);
    expect(summary(all.stdout)).toMatchObject({
      title: 'activity log',
      rows: 2500,
      detail: 'all events, ',
      asOf: latest,
    });
    const a = await readCsv(allOut);
    expect(a.header).toEqual(['Date', 'Action', 'Actor', 'Object', 'Description', 'Details']);
    expect(a.rows).toHaveLength(2500);
    expect(a.rows.map((r) => r[4])).toEqual(events.map((e) => e.description)); // oldest first, ties by id…
    expect(a.rows[2]).toEqual([
      `${events[2]?.at.slice(0, 19)}Z`,
      'org.member.invite.send',
      'user2',
      ORG,
      'org.member.invite.send number 2, "quoted"',
      // jsonb keeps keys shorter-first.
      '{"role":"member","invitee":"guest2@example.com"}',
    ]);

    const filteredOut = join(dir, `${engine}-activity-alice.csv`);
    const filtered = await runCli(
      [
        'export',
        'activity',
        '--actor',
        'ALICE',
        '--action',
        'setting.policy.*',
        '--since',
        '2026-11-01',
        '--out',
        filteredOut,
      ],
      env,
    );
    expect(filtered.code).toBe(0);
    const parsedFilter = parseActivityFilter(['actor:alice', 'action:setting.policy.*', 'since:2026-11-01']);
    if ('error' in parsedFilter) throw new Error(parsedFilter.error);
    const expected = events.filter((e) => matchesActivityFilter(e, parsedFilter.filter, new Date()));
    expect(expected.length).toBeGreaterThan(50);
    const f = await readCsv(filteredOut);
    expect(f.rows.map((r) => r[4])).toEqual(expected.map((e) => e.description));
    expect(summary(filtered.stdout)).toMatchObject({
      rows: expected.length,
      detail: 'filters actor:alice action:setting.policy.* since:2026-11-01, ',
    });
  });
});
