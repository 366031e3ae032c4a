import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse as parseStream } from 'csv-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExports } from '../src/app/exports.js';
import { createDemoSource } from '../src/demo/demo-source.js';
import { addDays, periodRange } from '../src/domain/period.js';
import { userRow } from '../src/exports/users.js';
import { openDatabase } from '../src/store/db.js';
import { runCli } from './support/cli.js';
import { BASE_ENV, readCsv, summary } from './support/export-cli.js';

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

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'insights-export-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

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
      demo: true,
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
    expect(s).toMatchObject({ demo: true, title: 'image pulls per day' });
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
      [
        ['export', 'users', '--period', '5y', '--out', out],
        'Unknown period "5y". The longest period is "3m" (90 days). Use 1w, 1m or 3m.',
      ],
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
    expect(summary(result.stdout)).toMatchObject({ demo: false, org: 'globex', rows: 6 });

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
      const exports = createExports({ source: createDemoSource({ members: 100_000 }), db });
      const result = await exports.write({ kind: 'users', period: '3m', now }, out);
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
