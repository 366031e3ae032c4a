import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USERS_COLUMNS } from '../src/exports/index.js';
import type { StandInMessage } from '../src/sandbox/slack-stand-in-types.js';
import { type Harness, startHarness } from './support/bot-harness.js';

const ADMIN = 'U0ADMIN';

/** The CSV file a message carries, parsed. */
function csvOf(h: Harness, message: StandInMessage | undefined): string[][] {
  const file = h.slack.files.get(message?.files?.[0]?.id ?? '');
  if (!file) throw new Error('the message has no file');
  return parse(file.bytes.toString('utf8')) as string[][];
}

const fileMessages = (h: Harness, channel: string) => h.slack.history(channel).filter((m) => m.files?.length);
const ephemeral = (h: Harness, user: string, channel: string, pattern: RegExp) =>
  h.slack.waitFor((s) =>
    s.history(channel, user).find((m) => m.ephemeralTo === user && pattern.test(m.text ?? '')),
  );

describe('/insights export', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ INSIGHTS_ADMINS: ADMIN });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses a non-admin an export that holds emails, and uploads nothing', async () => {
    await h.command('export users', { user: 'U0MALLORY' });
    const no = await ephemeral(h, 'U0MALLORY', 'C0INSIGHTS', /Only Insights admins/);
    expect(no.text).toContain('export the Docker Desktop users, which holds email addresses');
    expect(h.slack.calls.filter((c) => c.method === 'files.getUploadURLExternal')).toEqual([]);
  });

  it('sends an admin’s users export from a public channel to their DM, with the Admin Console’s columns', async () => {
    await h.command('export users 1m', { user: ADMIN, channel: 'C0INSIGHTS' });
    const note = await ephemeral(h, ADMIN, 'C0INSIGHTS', /direct message/);
    expect(note.text).toMatch(/acme-desktop-users-1m-2026-11-21\.csv \(\d+ rows\)/);
    expect(fileMessages(h, 'C0INSIGHTS')).toEqual([]);
    const dm = [...h.slack.channels.values()].find((c) => c.isIm && c.imUser === ADMIN);
    const [message] = fileMessages(h, dm?.id ?? '');
    expect(message?.files?.[0]?.filename).toBe('acme-desktop-users-1m-2026-11-21.csv');
    expect(message?.text).toMatch(
      /^Demo data · acme Docker Desktop users: \d+ rows, period 1m .*data as of 2026-11-20 \(requested in <#C0INSIGHTS>\)\. Made-up rows of the built-in demo organization: set `DOCKER_ORG` and `DOCKER_TOKEN`/,
    );
    const [header, ...rows] = csvOf(h, message);
    expect(header).toEqual([...USERS_COLUMNS]);
    const members = await h.bot.services.charts.members(new Date('2026-11-21T08:00:00Z'));
    expect(rows).toHaveLength(members.length);
    expect(rows.every((r) => r.length === 11)).toBe(true);
    const [audit] = await h.bot.db.query<{ actor: string; action: string; target: string }>(
      "SELECT actor, action, target FROM audit_log WHERE action LIKE 'export.%'",
    );
    expect(audit).toEqual({ actor: ADMIN, action: 'export.users', target: dm?.id });
  });

  it('posts into a private channel the bot is in, and anyone’s email-free export into the channel', async () => {
    h.slack.channels.get('G0PRIVATE')?.members.add(h.slack.botUserId);
    await h.command('export compliance', { user: ADMIN, channel: 'G0PRIVATE' });
    const [compliance] = await h.slack.waitFor((s) => {
      const found = s.history('G0PRIVATE').filter((m) => m.files?.length);
      return found.length ? found : undefined;
    });
    expect(compliance?.files?.[0]?.filename).toBe('acme-compliance-2026-11-21.csv');
    // An imported report is a real file, also in demo mode: no demo label.
    expect(compliance?.text).toMatch(/^acme settings compliance: /);

    await h.command('export pulls 1w', { user: 'U0ANYONE', channel: 'C0INSIGHTS' });
    const [pulls] = await h.slack.waitFor((s) => {
      const found = s.history('C0INSIGHTS').filter((m) => m.files?.length);
      return found.length ? found : undefined;
    });
    const [header, ...rows] = csvOf(h, pulls);
    expect(header).toEqual(['Date', 'Image', 'Pulls']);
    expect(rows.length).toBeGreaterThan(7);
  });

  it('answers a bad export with what is accepted', async () => {
    const res = await h.command('export user 5y', { user: ADMIN });
    expect(((await res.json()) as { text: string }).text).toMatch(/users/);
  });
});

describe('/insights export for a 100,000-member organization', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ INSIGHTS_ADMINS: ADMIN, DEMO_MEMBERS: '100000' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('uploads every row through the Slack stand-in', { timeout: 60_000 }, async () => {
    await h.command('export users 3m', { user: ADMIN, channel: 'D0DM' });
    const message = await h.slack.waitFor((s) => s.history('D0DM').find((m) => m.files?.length), 50_000);
    const [header, ...rows] = csvOf(h, message);
    expect(header).toHaveLength(11);
    expect(rows).toHaveLength(100_000);
    expect(new Set(rows.map((r) => r[1])).size).toBe(100_000);
  });
});
