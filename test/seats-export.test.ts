/**
 * Acceptance 4 (issue 21): `/insights export seats` is a CSV with the documented columns — one row per member
 * and pending invite, with status and reclaim state — streamed through the exports module, formula-safe,
 * admin-only, and always sent to the admin's DM.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEATS_COLUMNS } from '../src/exports/index.js';
import { type Harness, startHarness } from './support/bot-harness.js';
import { type FakeDocker, type FakeMember, startFakeDocker } from './support/fake-docker.js';
import { SEATS_NOW, seatMembers } from './support/seat-members.js';

const ADMIN = 'U0ADMIN';
let fake: FakeDocker;
let h: Harness;

/** The organization, with hostile text where a spreadsheet would run it. */
function members(): FakeMember[] {
  return seatMembers().map((m) =>
    m.username === 'carol'
      ? { ...m, full_name: '=HYPERLINK("http://evil.example","x")', groups: ['+SUM(A1)', 'qa'] }
      : m,
  );
}

beforeAll(async () => {
  fake = await startFakeDocker({ now: () => SEATS_NOW.getTime(), members: members() });
  h = await startHarness({
    DOCKER_ORG: 'acme',
    DOCKER_TOKEN: 'dckr_oat_test',
    DOCKER_HUB_URL: fake.hubUrl,
    DOCKER_API_URL: fake.apiUrl,
    INSIGHTS_ADMINS: ADMIN,
    DOCKER_SEATS: '13',
    SEATS_EXEMPT: 'robots',
  });
  await h.bot.initialSync;
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

const dmOf = (user: string) =>
  [...h.slack.channels.values()].find((c) => c.isIm && c.imUser === user)?.id ?? '';
const files = (channel: string) => h.slack.history(channel).filter((m) => m.files?.length);

describe('/insights export seats', () => {
  it('refuses a non-admin and uploads nothing', async () => {
    await h.command('export seats', { user: 'U0MALLORY' });
    const no = await h.slack.waitFor((s) => s.history('C0INSIGHTS', 'U0MALLORY').find((m) => m.ephemeralTo));
    expect(no.text).toContain('Only Insights admins can export the seat list');
    expect(h.slack.calls.filter((c) => c.method === 'files.getUploadURLExternal')).toEqual([]);
  });

  it('sends every member and invite to the admin’s DM, even from a private channel, formula-safe and audited', async () => {
    h.slack.channels.get('G0PRIVATE')?.members.add(h.slack.botUserId);
    await h.command('export seats', { user: ADMIN, channel: 'G0PRIVATE' });
    const note = await h.slack.waitFor((s) =>
      s.history('G0PRIVATE', ADMIN).find((m) => /direct message/.test(m.text ?? '')),
    );
    expect(note.text).toBe(
      'The seat list export goes only to your direct messages, so I sent it to our direct message instead of this channel: acme-seats-2026-11-21.csv (12 rows).',
    );
    expect(files('G0PRIVATE')).toEqual([]);
    const [message] = files(dmOf(ADMIN));
    expect(message?.files?.[0]?.filename).toBe('acme-seats-2026-11-21.csv');
    expect(message?.text).toMatch(
      /^acme seat list: 12 rows, members and pending invites, data as of 2026-11-21/,
    );
    const bytes = h.slack.files.get(message?.files?.[0]?.id ?? '')?.bytes ?? Buffer.alloc(0);
    const [header, ...rows] = parse(bytes.toString('utf8')) as string[][];
    expect(header).toEqual([...SEATS_COLUMNS]);
    expect(rows).toHaveLength(12);
    const row = (username: string) => rows.find((r) => r[0] === username);
    expect(row('dave')).toEqual([
      'dave',
      'Dave Example',
      'dave@acme.example',
      'Member',
      'developers',
      '2024-12-21',
      '2026-08-18',
      '2026-08-13',
      '4.40.0',
      '2026-08-18',
      'sign-in',
      '95',
      'idle',
      '',
    ]);
    expect(row('erin')?.slice(9, 14)).toEqual(['', '', '', 'never active', '']);
    expect(row('grace')?.[12]).toBe('exempt');
    expect(row('frank')?.[12]).toBe('new');
    expect(row('alice')?.slice(3, 4)).toEqual(['Owner']);
    // Hostile cells are written as text, not formulas.
    expect(row('carol')?.[1]).toBe('\'=HYPERLINK("http://evil.example","x")');
    expect(row('carol')?.[4]).toBe("'+SUM(A1), qa");
    const invites = rows.filter((r) => r[12] === 'invite');
    expect(invites.map((r) => [r[0], r[2], r[3], r[4]])).toEqual([
      ['karl', '', 'Invitee', 'qa'],
      ['', 'newbie@elsewhere.example', 'Invitee', ''],
    ]);
    const statuses = rows.map((r) => r[12]);
    expect(statuses.filter((s) => s === 'active')).toHaveLength(3);
    const [audit] = await h.bot.db.query<{ actor: string; target: string }>(
      "SELECT actor, target FROM audit_log WHERE action = 'export.seats'",
    );
    expect(audit).toEqual({ actor: ADMIN, target: dmOf(ADMIN) });
  });
});
