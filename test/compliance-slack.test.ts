import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandInMessage } from '../src/sandbox/slack-stand-in-types.js';
import { type Harness, NOW, startHarness } from './support/bot-harness.js';
import { ENGINES, freshDatabase, TEST_DATABASE_URL } from './support/databases.js';

const ADMIN = 'U0ADMIN';
const HEADER =
  'Username,Email,Machine ID,Compliance status,Domain status,Settings status,Assigned policy,Last policy fetch,Docker Desktop version';

/** A Settings Reporting export: 40 compliant users, 24 not compliant ones of every kind, one machine. */
function report(): string {
  const rows: string[] = [];
  const user = (name: string, status: string, machine = '') =>
    `${name},${name}@example.com,${machine},${status},Verified,Global policy,Default org policy,2026-11-20T08:00:00Z,4.41.0`;
  for (let i = 0; i < 40; i++) rows.push(user(`fine${String(i).padStart(2, '0')}`, 'Compliant'));
  for (let i = 0; i < 10; i++) rows.push(user(`late${i}`, 'Outdated'));
  for (let i = 0; i < 10; i++) rows.push(user(`nopolicy${i}`, 'No policy assigned'));
  rows.push(user('legacy', 'Unknown'));
  rows.push(user('mallory', 'Uncontrolled domain'));
  rows.push(user('bob', 'Non-compliant'));
  rows.push(user('bob', 'Non-compliant', 'MAC-BOB-2'));
  return `${[HEADER, ...rows].join('\n')}\n`;
}

describe.each(ENGINES)('/insights compliance on %s', (engine) => {
  let h: Harness;
  let dir: string;
  let drop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const env: Record<string, string> = { INSIGHTS_ADMINS: ADMIN };
    if (engine === 'postgres') {
      const database = await freshDatabase('postgres');
      await database.db.close();
      drop = database.drop;
      env.DATABASE_URL = `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${database.schema}`)}`;
    }
    h = await startHarness(env);
    dir = await mkdtemp(join(tmpdir(), 'insights-compliance-'));
  });
  afterAll(async () => {
    await h?.close();
    await drop?.().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs the command as `user` and waits for the ephemeral answer only they see. */
  async function ask(user: string): Promise<StandInMessage> {
    const before = h.slack.history('C0INSIGHTS', user).filter((m) => m.ephemeralTo === user).length;
    const res = await h.command('compliance', { user });
    expect(res.status).toBe(200);
    return h.slack.waitFor(
      (s) => s.history('C0INSIGHTS', user).filter((m) => m.ephemeralTo === user)[before],
    );
  }
  const shown = (m: StandInMessage) => `${m.text}\n${JSON.stringify(m.blocks)}`;

  it('says what to import and how before any report, to anyone', async () => {
    const answer = await ask('U0ANYONE');
    const text = shown(answer);
    expect(text).toContain('No Settings Reporting export has been imported for *acme* yet');
    expect(text).toContain('Docker Home → Docker Desktop → Settings Reporting');
    expect(text).toContain('insights-bot import <file> --kind compliance');
    expect(text).toContain('IMPORT_DIR');
    // Ephemeral: nothing in the channel itself.
    expect(h.slack.history('C0INSIGHTS')).toEqual([]);
  });

  it('answers with the counts and the non-compliant users after an import; emails only for admins', async () => {
    const path = join(dir, 'acme-settings-reporting.csv');
    await writeFile(path, report());
    const importedAt = new Date(NOW.getTime() - 30 * 60_000);
    const outcome = await h.bot.services.imports.importFile(
      { path, kind: 'compliance', by: 'test' },
      importedAt,
    );
    expect(outcome).toMatchObject({ status: 'imported', rows: 64 });

    const admin = shown(await ask(ADMIN));
    expect(admin).toContain('*24 of 64 users and machines* are not compliant.');
    expect(admin).toContain(':white_check_mark: *Compliant*\\n40 (62.5%)');
    expect(admin).toContain('*Non-compliant*\\n2');
    expect(admin).toContain('*Uncontrolled domain*\\n1');
    expect(admin).toContain('*Outdated*\\n10');
    expect(admin).toContain('*No policy assigned*\\n10');
    expect(admin).toContain('*Unknown*\\n1');
    // Most severe first (then by user or machine): bob, bob's machine, mallory, then the medium ones.
    const list = admin.slice(admin.indexOf('*Not compliant*'));
    const lines = list.split('\\n').slice(1, 5);
    expect(lines).toEqual([
      ':red_circle: *bob* (bob@example.com) — Non-compliant · Docker Desktop 4.41.0',
      ':red_circle: *bob* (bob@example.com) — Non-compliant · machine `MAC-BOB-2` · Docker Desktop 4.41.0',
      ':red_circle: *mallory* (mallory@example.com) — Uncontrolled domain · Docker Desktop 4.41.0',
      ':large_orange_circle: *late0* (late0@example.com) — Outdated · Docker Desktop 4.41.0',
    ]);
    expect(list.split('\\n').filter((l) => l.startsWith(':'))).toHaveLength(20);
    expect(list).not.toContain('*legacy*');
    expect(admin).toContain('…and 4 more — `/insights export compliance`');
    expect(admin).toContain('imported 21 Nov 2026, 07:30 UTC (`acme-settings-reporting.csv`)');
    // The import opened one drift alert per user or machine outside Compliant.
    expect(admin).toContain('24 open drift alerts');

    const member = shown(await ask('U0ANYONE'));
    expect(member).toContain('*24 of 64 users and machines* are not compliant.');
    expect(member).toContain('*bob* — Non-compliant');
    expect(member).toContain('*mallory*');
    expect(member).not.toContain('@example.com');
    expect(member).toContain('emails are shown to Insights admins only');
  });
});
