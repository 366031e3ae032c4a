import { Readable, Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExports, type ExportRequest } from '../app/exports.js';
import { createDemoSource } from '../demo/demo-source.js';
import { parseDesktopUsers } from '../docker/imports/desktop-users.js';
import type { Member } from '../domain/insights.js';
import { periodRange } from '../domain/period.js';
import { type Db, openDatabase } from '../store/db.js';
import { createMembersRepo } from '../store/members-repo.js';
import { createStoredSource } from '../store/stored-source.js';
import { EXPORT_KINDS, exportFilename, PULLS_COLUMNS, parseExportArgs, USERS_COLUMNS } from './index.js';
import { userRow } from './users.js';

const writeExport = (req: ExportRequest, deps: Parameters<typeof createExports>[0], out: Writable) =>
  createExports(deps).write(req, out);

const NOW = new Date('2026-11-21T12:00:00Z');

function collect() {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return { stream, bytes: () => Buffer.concat(chunks) };
}

describe('parseExportArgs', () => {
  it('reads each kind with its period or filters', () => {
    expect(EXPORT_KINDS).toEqual(['users', 'activity', 'compliance', 'pulls', 'seats']);
    expect(parseExportArgs(['seats'])).toEqual({ kind: 'seats' });
    expect(parseExportArgs(['users'])).toEqual({ kind: 'users', period: '1m' });
    expect(parseExportArgs(['Users', '3M'])).toEqual({ kind: 'users', period: '3m' });
    expect(parseExportArgs(['desktop-users', '7d'])).toEqual({ kind: 'users', period: '1w' });
    expect(parseExportArgs(['pulls', '1w'])).toEqual({ kind: 'pulls', period: '1w' });
    expect(parseExportArgs(['compliance'])).toEqual({ kind: 'compliance' });
    expect(parseExportArgs(['activity'])).toEqual({ kind: 'activity', filters: {} });
    expect(parseExportArgs(['activity', 'actor:Alice', 'action:setting.policy.*', 'since:7d'])).toEqual({
      kind: 'activity',
      filters: { actor: 'alice', action: 'setting.policy.*', since: { kind: 'ago', amount: 7, unit: 'd' } },
    });
  });

  it('names the fix for a bad kind, period or filter', () => {
    expect(parseExportArgs([])).toEqual({
      error: 'Name an export: users, activity, compliance, pulls, seats.',
    });
    expect(parseExportArgs(['usres'])).toEqual({
      error:
        'Unknown export "usres". Did you mean "users"? Exports: users, activity, compliance, pulls, seats.',
    });
    expect(parseExportArgs(['complience'])).toMatchObject({ error: expect.stringContaining('"compliance"') });
    expect(parseExportArgs(['users', '5y'])).toEqual({
      error: 'Unknown period "5y". The longest period is "3m" (90 days). Use 1w, 1m or 3m.',
    });
    expect(parseExportArgs(['users', 'wek'])).toEqual({ error: 'Unknown period "wek": use 1w, 1m or 3m.' });
    // What `insights-bot export users --actor x` becomes: not a period, a filter of another export.
    expect(parseExportArgs(['users', 'actor:x'])).toEqual({
      error:
        'The users export takes a period, not a filter ("actor:x"): actor, action, since filter the activity export only. Use 1w, 1m or 3m.',
    });
    expect(parseExportArgs(['pulls', '1w', '1m'])).toEqual({
      error: 'The pulls export takes one period: use 1w, 1m or 3m.',
    });
    expect(parseExportArgs(['compliance', '1m'])).toMatchObject({
      error: expect.stringContaining('no period'),
    });
    expect(parseExportArgs(['activity', '1w'])).toMatchObject({
      error: expect.stringContaining('takes filters, not a period: use since:7d'),
    });
    expect(parseExportArgs(['activity', 'actr:bob'])).toMatchObject({
      error: expect.stringContaining('Did you mean "actor:"?'),
    });
    expect(parseExportArgs(['activity', 'since:soon'])).toMatchObject({
      error: expect.stringContaining('use YYYY-MM-DD'),
    });
  });
});

describe('exportFilename', () => {
  it('names org, kind, period when the kind has one, and the UTC day of now', () => {
    expect(exportFilename('acme', 'users', '1m', NOW)).toBe('acme-desktop-users-1m-2026-11-21.csv');
    expect(exportFilename('acme', 'pulls', '3m', new Date('2026-11-21T23:59:59-05:00'))).toBe(
      'acme-pulls-3m-2026-11-22.csv',
    );
    expect(exportFilename('acme', 'activity', undefined, NOW)).toBe('acme-activity-2026-11-21.csv');
    expect(exportFilename('acme', 'compliance', '1m', NOW)).toBe('acme-compliance-2026-11-21.csv');
  });
});

describe('writeExport on the demo organization', () => {
  const source = createDemoSource({ members: 400 });
  let db: Db;
  beforeAll(async () => {
    db = await openDatabase({ dataDir: 'memory://' });
  });
  afterAll(async () => {
    await db.close();
  });

  async function demoMembers(): Promise<Member[]> {
    const asOf = await source.dataAsOf(NOW);
    if (!asOf) throw new Error('the demo always has data');
    return (await source.load(periodRange('1m', asOf), NOW)).members;
  }

  it('writes every member in the Admin Console columns, and the bot imports the file back', async () => {
    const out = collect();
    const result = await writeExport({ kind: 'users', now: NOW }, { source, db }, out.stream);
    const members = await demoMembers();
    expect(result).toEqual({
      rows: 400,
      filename: 'acme-desktop-users-1m-2026-11-21.csv',
      summary:
        'Demo data · acme Docker Desktop users: 400 rows, period 1m (last 30 days), data as of 2026-11-20',
      holdsEmails: true,
      demo: true,
      dataAsOf: '2026-11-20',
      period: '1m',
    });
    const [header, ...rows] = parse(out.bytes(), { record_delimiter: '\r\n' }) as string[][];
    expect(header).toEqual([...USERS_COLUMNS]);
    expect(rows).toEqual(members.map((m) => userRow(m).map((cell) => String(cell ?? ''))));

    const first = members[0];
    expect(rows[0]).toEqual([
      first?.name,
      first?.username,
      first?.email,
      'User',
      'Owner',
      first?.teams.join(', '),
      first?.dateJoined?.slice(0, 10),
      first?.lastLoggedInAt?.slice(0, 10),
      first?.lastDesktopVersion,
      first?.lastSeenAt?.slice(0, 10),
      'No',
    ]);
    expect(rows.some((r) => r[5]?.includes(', '))).toBe(true); // several teams in one cell
    expect(rows.some((r) => r[10] === 'Yes')).toBe(true);
    expect(rows.some((r) => r[3] === 'Invitee' && r[6] === '')).toBe(true); // no join date yet

    const imported = await parseDesktopUsers(Readable.from([out.bytes()]));
    expect(imported.map(userRow)).toEqual(members.map(userRow));
  });

  it('writes pulls per day and image for the period', async () => {
    const out = collect();
    const result = await writeExport({ kind: 'pulls', period: '1w', now: NOW }, { source, db }, out.stream);
    const data = await source.load({ from: '2026-11-14', to: '2026-11-20' }, NOW);
    const expected = data.points
      .filter((p) => p.metric === 'pulls' && p.value > 0)
      .map((p) => [p.day, p.key, String(p.value)])
      .sort((a, b) => (a.join('|') < b.join('|') ? -1 : 1));
    const [header, ...rows] = parse(out.bytes()) as string[][];
    expect(header).toEqual([...PULLS_COLUMNS]);
    expect(rows).toEqual(expected);
    expect(new Set(rows.map((r) => r[0]))).toEqual(
      new Set([
        '2026-11-14',
        '2026-11-15',
        '2026-11-16',
        '2026-11-17',
        '2026-11-18',
        '2026-11-19',
        '2026-11-20',
      ]),
    );
    expect(result).toMatchObject({
      rows: expected.length,
      filename: 'acme-pulls-1w-2026-11-21.csv',
      holdsEmails: false,
      demo: true,
      dataAsOf: '2026-11-20',
      period: '1w',
      summary: `Demo data · acme image pulls per day: ${expected.length} rows, period 1w (2026-11-14 to 2026-11-20), data as of 2026-11-20`,
    });
  });

  it('writes the header alone, and says so, when there is nothing stored', async () => {
    const compliance = collect();
    expect(await writeExport({ kind: 'compliance', now: NOW }, { source, db }, compliance.stream)).toEqual({
      rows: 0,
      filename: 'acme-compliance-2026-11-21.csv',
      // An imported report is a real file, even in demo mode: not labelled.
      summary: 'acme settings compliance: 0 rows, data as of none yet',
      holdsEmails: true,
      demo: false,
      dataAsOf: null,
    });
    expect(compliance.bytes().toString()).toBe(
      'Username,Email,Machine ID,Compliance Status,Domain Status,Settings Status,Assigned Policy,Last Policy Fetch,Docker Desktop Version\r\n',
    );
    const activity = collect();
    expect(
      await writeExport(
        { kind: 'activity', filters: { actor: 'alice' }, now: NOW },
        { source, db },
        activity.stream,
      ),
    ).toMatchObject({
      rows: 0,
      summary: 'acme activity log: 0 rows, filters actor:alice, data as of none yet',
    });
    expect(activity.bytes().toString()).toBe('Date,Action,Actor,Object,Description,Details\r\n');
  });

  it('destroys the destination and rejects when the data cannot be read', async () => {
    const closed = await openDatabase({ dataDir: 'memory://' });
    await closed.close();
    const out = collect();
    await expect(
      writeExport({ kind: 'compliance', now: NOW }, { source, db: closed }, out.stream),
    ).rejects.toThrow();
    expect(out.stream.destroyed).toBe(true);
  });
});

describe('writeExport on an organization’s own (stored) data', () => {
  it('does not label its rows demo data', async () => {
    const db = await openDatabase({ dataDir: 'memory://' });
    try {
      await createMembersRepo(db).upsert(
        'globex',
        [{ username: 'ann', email: 'ann@globex.com' }],
        'test',
        NOW,
      );
      const source = createStoredSource(db, 'globex');
      for (const kind of ['users', 'pulls'] as const) {
        const result = await writeExport({ kind, now: NOW }, { source, db }, collect().stream);
        expect(result.demo).toBe(false);
        expect(result.summary).toMatch(/^globex /);
        expect(result.summary).not.toContain('Demo data');
      }
    } finally {
      await db.close();
    }
  });
});
