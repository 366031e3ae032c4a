import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandInMessage } from '../src/sandbox/slack-stand-in-types.js';
import { type Harness, NOW, startHarness } from './support/bot-harness.js';
import { until } from './support/until.js';

const ADMIN = 'U0ADMIN';
const HEADER =
  'Username,Email,Compliance status,Domain status,Settings status,Assigned policy,Last policy fetch,Docker Desktop version';
const HOUR = 3_600_000;

let h: Harness;
let dir: string;
let files = 0;
let clock = NOW.getTime();

beforeAll(async () => {
  h = await startHarness({ DOCKER_ORG: 'acme', INSIGHTS_ADMINS: ADMIN, MIN_DESKTOP_VERSION: '4.30.0' });
  dir = await mkdtemp(join(tmpdir(), 'insights-drift-'));
});
afterAll(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Moves the bot's clock forward. */
function advance(ms: number): Date {
  clock += ms;
  h.setNow(new Date(clock));
  return new Date(clock);
}

/** Imports a Settings Reporting export with these users' statuses, as an admin would drop it. */
async function importReport(rows: Array<[string, string]>, version = '4.40.0') {
  const lines = rows.map(
    ([user, status]) =>
      `${user},${user}@example.com,${status},Verified,Global policy,Default org policy,2026-11-20T08:00:00Z,${version}`,
  );
  const path = join(dir, `compliance-${++files}.csv`);
  await writeFile(path, `${[HEADER, ...lines].join('\n')}\n`);
  const outcome = await h.bot.services.imports.importFile({ path, by: 'test' }, advance(60_000));
  expect(outcome.status).toBe('imported');
  await h.bot.queue.drain();
}

const posts = (channel: string) => h.slack.history(channel).filter((m) => !m.threadTs && !m.ephemeralTo);
const replies = (message: StandInMessage) =>
  h.slack.history(message.channel).filter((m) => m.threadTs === message.ts);
const blockText = (m: StandInMessage | undefined) => JSON.stringify(m?.blocks ?? []);
const ephemeralTo = (user: string, channel: string) =>
  h.slack.history(channel, user).filter((m) => m.ephemeralTo === user);

async function subscribe(text: string, channel: string) {
  await h.command(text, { user: ADMIN, channel });
  await h.slack.waitFor((s) =>
    s
      .history(channel, ADMIN)
      .find((m) => m.ephemeralTo === ADMIN && /will get settings-drift alerts/.test(m.text ?? '')),
  );
}

describe('settings-drift alerts', () => {
  it('refuses a non-admin subscription and explains the options', async () => {
    const res = await h.command('subscribe drift severity>=urgent', { user: ADMIN });
    const bad = (await res.json()) as { text: string };
    expect(bad.text).toContain('`severity>=` with `critical`, `high`, `medium`, `low`');
    await h.command('subscribe drift', { user: 'U0MALLORY', channel: 'C0SECURITY' });
    const refused = await h.slack.waitFor(() => ephemeralTo('U0MALLORY', 'C0SECURITY').at(-1));
    expect(refused.text).toContain('Only Insights admins can subscribe channels to settings-drift alerts');
    expect(await h.bot.db.query("SELECT * FROM subscriptions WHERE kind = 'drift'")).toEqual([]);
  });

  it('groups new alerts, stays quiet on the same report, and resolves one in place with a thread note', async () => {
    await subscribe('subscribe drift', 'C0SECURITY');
    await subscribe('subscribe drift severity>=high thread-updates off', 'C0GENERAL');

    await importReport([
      ['alice', 'Compliant'],
      ['bob', 'Non-compliant'],
      ['carol', 'Non-compliant'],
      ['dave', 'Uncontrolled domain'],
      ['erin', 'Outdated'],
    ]);
    const security = posts('C0SECURITY');
    expect(security).toHaveLength(1);
    const group = security[0];
    expect(group?.text).toMatch(/^:rotating_light: 4 new drift alerts/);
    for (const who of ['bob', 'carol', 'dave', 'erin'])
      expect(blockText(group)).toContain(`${who}@example.com`);
    expect(blockText(group)).toContain('Open in Docker');
    // severity>=high: the Outdated (medium) alert is not in #general's message.
    const general = posts('C0GENERAL');
    expect(general).toHaveLength(1);
    expect(general[0]?.text).toMatch(/^:rotating_light: 3 new drift alerts/);
    expect(blockText(general[0])).not.toContain('erin@example.com');

    // The same statuses again (a new export of the same state): nothing is sent.
    const calls = h.slack.calls.length;
    await importReport([
      ['bob', 'Non-compliant'],
      ['carol', 'Non-compliant'],
      ['alice', 'Compliant'],
      ['dave', 'Uncontrolled domain'],
      ['erin', 'Outdated'],
    ]);
    expect(h.slack.calls.slice(calls).filter((c) => c.method.startsWith('chat.'))).toEqual([]);

    // Carol is compliant again: both messages show it resolved; #security (thread updates on) gets a note.
    await importReport([
      ['bob', 'Non-compliant'],
      ['carol', 'Compliant'],
      ['dave', 'Uncontrolled domain'],
      ['erin', 'Outdated'],
    ]);
    const [updated] = posts('C0SECURITY');
    expect(posts('C0SECURITY')).toHaveLength(1);
    expect(updated?.replaceCount).toBe(1);
    expect(blockText(updated)).toMatch(/~carol is Non-compliant~/);
    expect(blockText(updated)).toContain(':white_check_mark: Resolved');
    const notes = replies(updated as StandInMessage);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.text).toContain('Resolved');
    expect(notes[0]?.text).toContain('carol is Non-compliant');
    expect(posts('C0GENERAL')[0]?.replaceCount).toBe(1);
    expect(replies(posts('C0GENERAL')[0] as StandInMessage)).toEqual([]);
  });

  it('lets an admin acknowledge and silence from the message, and refuses anyone else', async () => {
    const group = posts('C0SECURITY')[0] as StandInMessage;
    // Mallory presses Acknowledge: an ephemeral refusal, nothing stored, the message unchanged.
    await h.press(group, 'alert_ack', { user: 'U0MALLORY', index: 0 });
    const refusal = await h.slack.waitFor(() =>
      ephemeralTo('U0MALLORY', 'C0SECURITY').find((m) => m.text?.includes('acknowledge alerts')),
    );
    expect(refusal.text).toContain('Only Insights admins can acknowledge alerts');
    await h.press(group, 'alert_silence_1d', { user: 'U0MALLORY', index: 0 });
    await h.slack.waitFor(() =>
      ephemeralTo('U0MALLORY', 'C0SECURITY').find((m) => m.text?.includes('silence alerts')),
    );
    await h.bot.queue.drain();
    expect(posts('C0SECURITY')[0]?.replaceCount).toBe(1);
    expect(await h.bot.db.query('SELECT * FROM silences')).toEqual([]);

    // The admin acknowledges bob's alert (first: most severe, then oldest) and silences dave's (third) for a day.
    await (await h.press(group, 'alert_ack', { user: ADMIN, index: 0 })).text();
    // The button is acknowledged first; the acknowledgement is stored (with its message update queued) after.
    await until('the acknowledgement', async () =>
      (await h.bot.db.query('SELECT 1 FROM alerts WHERE acked_by IS NOT NULL')).at(0),
    );
    await h.bot.queue.drain();
    const acked = posts('C0SECURITY')[0];
    expect(acked?.replaceCount).toBe(2);
    expect(blockText(acked)).toContain(`Acknowledged by <@${ADMIN}>`);
    const [ack] = await h.bot.db.query<{ acked_by: string; fingerprint: string }>(
      'SELECT acked_by, fingerprint FROM alerts WHERE acked_by IS NOT NULL',
    );
    expect(ack).toEqual({ acked_by: ADMIN, fingerprint: 'drift.compliance:bob@example.com' });

    await h.press(acked as StandInMessage, 'alert_silence_1d', { user: ADMIN, index: 2 });
    const note = await h.slack.waitFor(() =>
      ephemeralTo(ADMIN, 'C0SECURITY').find((m) => m.text?.startsWith('Silenced for 1 day')),
    );
    expect(note.text).toContain('/insights unsilence');
    await h.bot.queue.drain();
    const silenced = posts('C0SECURITY')[0];
    expect(silenced?.replaceCount).toBe(3);
    expect(blockText(silenced)).toMatch(/Silenced until \d+ Nov 2026/);
    // #general shows the same alerts: it was updated too.
    expect(blockText(posts('C0GENERAL')[0])).toContain(`Acknowledged by <@${ADMIN}>`);
    const audit = await h.bot.db.query<{ actor: string; action: string }>(
      "SELECT actor, action FROM audit_log WHERE action LIKE 'alert.%' ORDER BY id",
    );
    expect(audit).toEqual([
      { actor: ADMIN, action: 'alert.acknowledge' },
      { actor: ADMIN, action: 'alert.silence' },
    ]);
  });

  it('sends nothing for a silenced alert that resolves and reopens; re-notifies it once the silence ends', async () => {
    const [silence] = await h.bot.db.query<{ matcher: string; ends_at: Date }>(
      'SELECT matcher, ends_at FROM silences',
    );
    expect(silence?.matcher).toBe('drift.compliance:dave@example.com');
    const before = h.slack.calls.filter((c) => c.method.startsWith('chat.')).length;
    // Dave resolves, then drifts again, all within the day of silence.
    await importReport([
      ['bob', 'Non-compliant'],
      ['erin', 'Outdated'],
    ]);
    await importReport([
      ['bob', 'Non-compliant'],
      ['dave', 'Uncontrolled domain'],
      ['erin', 'Outdated'],
    ]);
    expect(h.slack.calls.filter((c) => c.method.startsWith('chat.')).length).toBe(before);

    // The silence ends: dave (still open, never announced in this episode) is posted again.
    advance(25 * HOUR);
    await h.bot.runAlerts();
    await h.bot.queue.drain();
    const security = posts('C0SECURITY');
    expect(security.length).toBeGreaterThanOrEqual(2);
    const renotified = security.find((m) => blockText(m).includes('dave@example.com') && m !== security[0]);
    expect(renotified).toBeDefined();
  });

  it('silences a whole rule by command, lists and ends silences, admin-only', async () => {
    const refused = await h.command('silence drift 1h', { user: 'U0MALLORY' });
    expect(refused.status).toBe(200);
    const no = await h.slack.waitFor(() => ephemeralTo('U0MALLORY', 'C0INSIGHTS').at(-1));
    expect(no.text).toContain('Only Insights admins can silence alerts');

    const bad = (await (await h.command('silence drift.complience 1d', { user: ADMIN })).json()) as {
      text: string;
    };
    expect(bad.text).toContain('Did you mean `drift.compliance`?');
    const badDuration = (await (await h.command('silence drift 1y', { user: ADMIN })).json()) as {
      text: string;
    };
    expect(badDuration.text).toContain('is not a duration');

    await h.command('silence drift 2h', { user: ADMIN });
    const ok = await h.slack.waitFor(() =>
      ephemeralTo(ADMIN, 'C0INSIGHTS').find((m) => m.text?.startsWith('Silenced `drift` for 2 hours')),
    );
    const id = /silence `(\d+)`/.exec(ok.text ?? '')?.[1];
    await h.command('silences', { user: 'U0ANYONE' });
    const list = await h.slack.waitFor(() => ephemeralTo('U0ANYONE', 'C0INSIGHTS').at(-1));
    expect(list.text).toContain(`\`${id}\` — \`drift\``);
    await h.command(`unsilence ${id}`, { user: ADMIN });
    await h.slack.waitFor(() =>
      ephemeralTo(ADMIN, 'C0INSIGHTS').find(
        (m) => m.text === `Silence \`${id}\` ended: its alerts notify again.`,
      ),
    );
    await h.command('alerts', { user: 'U0ANYONE' });
    const alerts = await h.slack.waitFor(() =>
      ephemeralTo('U0ANYONE', 'C0INSIGHTS').find((m) => m.text?.includes('open alert')),
    );
    expect(alerts.text).toMatch(/3 open alerts/);
    // Emails are for admins: anyone else lists the same alerts without them.
    expect(alerts.text).toContain('drift.compliance:a member');
    expect(alerts.text).not.toContain('@example.com');
  });

  it('opens a Desktop version alert for a member below MIN_DESKTOP_VERSION, once', async () => {
    const before = posts('C0SECURITY').length;
    const users = (version: string) =>
      [
        'Name,Username,Email,Type,Role,Teams,Date Joined,Last Logged-In Date,Docker Desktop Version,Last Seen Date,Opted Out Analytics',
        `Frank,frank,frank@example.com,User,Member,platform,2025-01-02,2026-11-19,${version},2026-11-19,No`,
      ].join('\n');
    const importUsers = async (version: string) => {
      const path = join(dir, `users-${++files}.csv`);
      await writeFile(path, `${users(version)}\n`);
      await h.bot.services.imports.importFile({ path, by: 'test' }, advance(60_000));
      await h.bot.queue.drain();
    };
    await importUsers('4.20.1');
    const alerts = posts('C0SECURITY').slice(before);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.text).toContain('frank runs Docker Desktop 4.20.1, below 4.30.0');
    // Updated: resolved in place.
    await importUsers('4.41.0');
    expect(posts('C0SECURITY').slice(before)).toHaveLength(1);
    expect(blockText(posts('C0SECURITY').at(-1))).toContain(':white_check_mark: Resolved');
  });

  it('loses no alert when an evaluation fails: the next alerts tick evaluates again', async () => {
    const before = posts('C0SECURITY').length;
    // The store refuses the alert write (a real failure, not a mock): the import itself stands.
    await h.bot.db.query('ALTER TABLE alerts RENAME TO alerts_away');
    try {
      await importReport([
        ['bob', 'Non-compliant'],
        ['dave', 'Uncontrolled domain'],
        ['erin', 'Outdated'],
        ['grace', 'Non-compliant'],
      ]);
    } finally {
      await h.bot.db.query('ALTER TABLE alerts_away RENAME TO alerts');
    }
    expect(posts('C0SECURITY')).toHaveLength(before);
    expect(h.logs.lines.some((l) => l.includes('alert evaluation failed'))).toBe(true);

    await h.bot.runAlerts();
    await h.bot.queue.drain();
    const latest = posts('C0SECURITY').slice(before);
    expect(latest.some((m) => blockText(m).includes('grace is Non-compliant'))).toBe(true);
  });
});
