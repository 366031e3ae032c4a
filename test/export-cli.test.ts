import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDemoSource } from '../src/demo/demo-source.js';
import { matchesActivityFilter, parseActivityFilter } from '../src/domain/activity-filter.js';
import type { ComplianceRecord } from '../src/domain/compliance.js';
import { addDays, periodRange } from '../src/domain/period.js';
import { writeExport } from '../src/exports/index.js';
import { userRow } from '../src/exports/users.js';
import { type ActivityEvent, createActivityRepo } from '../src/store/activity-repo.js';
import { createComplianceRepo } from '../src/store/compliance-repo.js';
import { type Db, openDatabase } from '../src/store/db.js';
import { runCli } from './support/cli.js';
import { ENGINES, type Engine, freshDatabase, TEST_DATABASE_URL } from './support/databases.js';

const USERS_HEADER = [
  'Name',
  'Username',
  'Email',
  'Type',
  'Role',
  'Teams',
  'Date Joined',
  'Last Logged-In Date',
  'Docker Desktop Version',
  'Last Seen Date',
  'Opted Out Analytics',
];

/** No Slack, no Docker API, no PostgreSQL unless a test sets one: the defaults a fresh install has. */
const BASE_ENV = {
  SLACK_BOT_TOKEN: '',
  SLACK_SIGNING_SECRET: '',
  SLACK_APP_TOKEN: '',
  DOCKER_TOKEN: '',
  DOCKER_ORG: '',
  DATABASE_URL: '',
  DEMO_SEED: '',
  DEMO_ORG: '',
  DEMO_LAG_DAYS: '',
  LOG_LEVEL: 'warn',
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'insights-export-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SUMMARY =
  /^Wrote (?<file>.+): (?<org>\S+) (?<title>.+): (?<rows>[\d,]+) rows?, (?<detail>.+, )?data as of (?<asOf>\d{4}-\d{2}-\d{2}|none yet)\n$/;

interface Summary {
  file: string;
  org: string;
  title: string;
  rows: number;
  /** `period 1m (last 30 days), `, `filters …, `; '' when none. */
  detail: string;
  asOf: string;
}

function summary(stdout: string): Summary {
  const g = SUMMARY.exec(stdout)?.groups;
  if (!g) throw new Error(`unexpected summary: ${JSON.stringify(stdout)}`);
  return {
    file: g.file ?? '',
    org: g.org ?? '',
    title: g.title ?? '',
    rows: Number(g.rows?.replaceAll(',', '')),
    detail: g.detail ?? '',
    asOf: g.asOf ?? '',
  };
}

async function readCsv(path: string): Promise<{ bytes: Buffer; header: string[]; rows: string[][] }> {
  const bytes = await readFile(path);
  const [header = [], ...rows] = parse(bytes, { record_delimiter: '\r\n' }) as string[][];
  return { bytes, header, rows };
}

describe('insights-bot export on the demo organization', () => {
  const env = () => ({ ...BASE_ENV, DATA_DIR: join(dir, 'demo-data') });

  it('writes the Admin Console users columns, one row per member, with the demo values', async () => {
    const out = join(dir, 'users.csv');
    const result = await runCli(['export', 'users', '--period', '1m', '--out', out], env());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const s = summary(result.stdout);
    expect(s).toMatchObject({
      file: out,
      org: 'acme',
      title: 'Docker Desktop users',
      detail: 'period 1m (last 30 days), ',
    });

    // The demo organization of the day the CLI ran: its data day is the day before `now`.
    const asOf = s.asOf;
    const now = new Date(`${addDays(asOf, 1)}T12:00:00Z`);
    const members = (await createDemoSource().load(periodRange('1m', asOf), now)).members;
    expect(members).toHaveLength(250);

    const { bytes, header, rows } = await readCsv(out);
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false); // no BOM
    expect(bytes.toString('utf8').split('\r\n')[0]).toBe(USERS_HEADER.join(','));
    expect(header).toEqual(USERS_HEADER);
    expect(s.rows).toBe(250);
    expect(rows).toHaveLength(250);
    expect(new Set(rows.map((r) => r[1])).size).toBe(250);
    expect(rows).toEqual(members.map((m) => userRow(m).map((cell) => String(cell ?? ''))));
    // Names in other scripts come back as they are.
    expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(['Zoë Ångström', '李雷']));
  });

  it('writes pulls per day and image for the period', async () => {
    const out = join(dir, 'pulls.csv');
    const result = await runCli(['export', 'pulls', '--period', '1w', '--out', out], env());
    expect(result.code).toBe(0);
    const s = summary(result.stdout);
    expect(s.title).toBe('image pulls per day');
    const { header, rows } = await readCsv(out);
    expect(header).toEqual(['Date', 'Image', 'Pulls']);
    expect(rows).toHaveLength(s.rows);
    expect(new Set(rows.map((r) => r[0])).size).toBe(7);
    expect(
      rows.every(
        ([day, image, pulls]) =>
          /^\d{4}-\d{2}-\d{2}$/.test(day ?? '') && image?.includes('/') && Number(pulls) > 0,
      ),
    ).toBe(true);
  });

  it('names the fix for a bad kind, period or filter, and for a missing or unwritable --out', async () => {
    const out = join(dir, 'never.csv');
    const cases: Array<[string[], string]> = [
      [['export', 'usres', '--out', out], 'Did you mean "users"?'],
      [['export', 'users', '--period', '5y', '--out', out], 'Unknown period "5y": use 1w, 1m or 3m.'],
      [['export', 'activity', '--since', 'yesterday', '--out', out], 'use YYYY-MM-DD'],
      [['export', 'activity', '--action', 'setting.*.update', '--out', out], 'use * only at the end'],
      [['export', 'activity', '--period', '1w', '--out', out], 'takes filters, not a period'],
      [['export', 'compliance', '--period', '1w', '--out', out], 'takes no period or filter'],
      [['export', 'users'], 'Missing --out <file.csv>.'],
      [['export', 'users', '--colour', 'red', '--out', out], "Unknown option '--colour'"],
      [['export'], 'Usage: insights-bot export'],
      [['export', 'pulls', '1w', '--out', out], 'Unexpected "1w": give the period as --period'],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, env());
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stdout).toBe('');
    }
    const unwritable = await runCli(
      ['export', 'users', '--out', join(dir, 'no-such-folder', 'x.csv')],
      env(),
    );
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toContain(`Cannot write ${join(dir, 'no-such-folder', 'x.csv')}`);
    await expect(readFile(out)).rejects.toThrow();
  });
});

describe('insights-bot export from the imported members', () => {
  it('neutralises formulas and keeps names in any script, quoted as RFC 4180 says', async () => {
    const env = { ...BASE_ENV, DOCKER_ORG: 'globex', DATA_DIR: join(dir, 'globex-data') };
    const input = join(dir, 'desktop-users.csv');
    await writeFile(
      input,
      [
        USERS_HEADER.join(','),
        '"=HYPERLINK(""http://x"")",hyper,hyper@example.com,User,Member,platform,2025-01-02,2026-11-19,4.35.0,2026-11-20,No',
        '"Zoë, ""Z"" Ångström",zoe,zoe@example.com,User,Owner,"platform, security",2024-05-12 09:30:00.193355 +0000 UTC,2026-11-18T23:15:00Z,4.34.2,2026-11-19,Yes',
        '李雷,leili,lei.li@example.com,User,Editor,backend,2023-08-18,2026-10-31,4.53.0,2026-11-20,No',
        '"+SUM(1,2)",plus,plus@example.com,User,Member,,2025-02-01,,,,No',
        '-2+3,minus,minus@example.com,User,Member,,2025-02-01,,,,No',
        '@cmd,atsign,"multi\nline@example.com",Invitee,Member,,,,,,No',
      ].join('\n'),
    );
    const imported = await runCli(['import', input], env);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);

    const out = join(dir, 'globex-users.csv');
    const result = await runCli(['export', 'users', '--out', out], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(summary(result.stdout)).toMatchObject({ org: 'globex', rows: 6 });

    const { bytes, header, rows } = await readCsv(out);
    expect(header).toEqual(USERS_HEADER);
    // Ordered by username; the stored member key.
    expect(rows).toEqual([
      ["'@cmd", 'atsign', 'multi\nline@example.com', 'Invitee', 'Member', '', '', '', '', '', 'No'],
      [
        '\'=HYPERLINK("http://x")',
        'hyper',
        'hyper@example.com',
        'User',
        'Member',
        'platform',
        '2025-01-02',
        '2026-11-19',
        '4.35.0',
        '2026-11-20',
        'No',
      ],
      [
        '李雷',
        'leili',
        'lei.li@example.com',
        'User',
        'Editor',
        'backend',
        '2023-08-18',
        '2026-10-31',
        '4.53.0',
        '2026-11-20',
        'No',
      ],
      ["'-2+3", 'minus', 'minus@example.com', 'User', 'Member', '', '2025-02-01', '', '', '', 'No'],
      ["'+SUM(1,2)", 'plus', 'plus@example.com', 'User', 'Member', '', '2025-02-01', '', '', '', 'No'],
      [
        'Zoë, "Z" Ångström',
        'zoe',
        'zoe@example.com',
        'User',
        'Owner',
        'platform, security',
        '2024-05-12',
        '2026-11-18',
        '4.34.2',
        '2026-11-19',
        'Yes',
      ],
    ]);
    const text = bytes.toString('utf8');
    expect(text).toContain('\r\n"\'=HYPERLINK(""http://x"")",hyper,');
    expect(text).toContain('\r\n"Zoë, ""Z"" Ångström",zoe,');
    expect(text).toContain(',"multi\nline@example.com",');
    expect(text.endsWith('\r\n')).toBe(true);
  });
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
  const actions = ['repo.tag.push', 'setting.policy.update', 'member.invite.send', 'setting.policy.create'];
  return Array.from({ length: 2500 }, (_, i): ActivityEvent => {
    const action = actions[i % actions.length] ?? 'repo.tag.push';
    return {
      id: `e${i}`,
      at: new Date(Date.parse('2026-10-25T00:00:00Z') + Math.floor(i / 2) * 1_500_000).toISOString(),
      action,
      name: action === 'repo.tag.push' ? `${ORG}/api` : ORG,
      actor: i % 5 === 1 ? 'Alice' : `user${i % 7}`,
      data: action === 'member.invite.send' ? { invitee: `guest${i}@example.com`, role: 'member' } : {},
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
      'member.invite.send',
      'user2',
      ORG,
      'member.invite.send number 2, "quoted"',
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

describe('a 100,000-member users export', () => {
  it('holds every member, once', async () => {
    const now = new Date('2026-11-21T12:00:00Z');
    const db = await openDatabase({ dataDir: 'memory://' });
    try {
      const usernames = new Set<string>();
      let records = 0;
      const parser = parseStream({ record_delimiter: '\r\n', from_line: 2 });
      parser.on('data', (record: string[]) => {
        records++;
        usernames.add(record[1] ?? '');
      });
      const parsed = new Promise((resolve, reject) => parser.on('end', resolve).on('error', reject));
      const out = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          parser.write(chunk, callback);
        },
        final(callback) {
          parser.end();
          callback();
        },
      });
      const result = await writeExport(
        { kind: 'users', period: '3m', now },
        { source: createDemoSource({ members: 100_000 }), db },
        out,
      );
      await parsed;
      expect(result.rows).toBe(100_000);
      expect(records).toBe(100_000);
      expect(usernames.size).toBe(100_000);
      expect(result.filename).toBe('acme-desktop-users-3m-2026-11-21.csv');
    } finally {
      await db.close();
    }
  });
});
