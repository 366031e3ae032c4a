import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/bot-harness.js';
import { demoBadgePixels } from './support/demo-badge.js';

const ADMIN = 'U0ADMIN';
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ INSIGHTS_ADMINS: `${ADMIN},S0ADMINS`, INSIGHTS_TIMEZONE: 'Europe/Berlin' });
});
afterAll(async () => {
  await h?.close();
});

const ephemeral =
  (user: string, channel = 'C0INSIGHTS') =>
  (s: Harness['slack']) =>
    s
      .history(channel, user)
      .filter((m) => m.ephemeralTo === user)
      .at(-1);
const digests = (channel: string) =>
  h.slack.history(channel).filter((m) => m.files?.some((f) => f.filename.includes('-digest-')));

describe('digest subscriptions', () => {
  it('refuses a non-admin, says who may, and changes nothing', async () => {
    await h.command('subscribe digest', { user: 'U0MALLORY' });
    const note = await h.slack.waitFor(ephemeral('U0MALLORY'));
    expect(note.text).toContain('Only Insights admins can');
    expect(note.text).toContain(`<@${ADMIN}>`);
    expect(await h.bot.db.query('SELECT * FROM subscriptions')).toEqual([]);
  });

  it('answers a bad time or zone with what is accepted', async () => {
    const res = await h.command('subscribe digest at 25:00', { user: ADMIN });
    expect(((await res.json()) as { text: string }).text).toContain('`at` takes a time like `09:00`');
    const tz = await h.command('subscribe digest tz Mars/Olympus', { user: ADMIN });
    expect(((await tz.json()) as { text: string }).text).toContain('is not a time zone');
  });

  it('sends exactly one digest per data day, at the subscription’s local time, and lists subscriptions', async () => {
    await h.command('subscribe digest at 09:00', { user: ADMIN });
    const ok = await h.slack.waitFor(ephemeral(ADMIN));
    expect(ok.text).toContain('09:00 Europe/Berlin');
    const audit = await h.bot.db.query<{ actor: string; action: string }>(
      'SELECT actor, action FROM audit_log',
    );
    expect(audit).toEqual([{ actor: ADMIN, action: 'subscribe.digest' }]);

    // 08:59 in Berlin (07:59Z, CET): not yet.
    expect((await h.bot.runDigest(new Date('2026-11-21T07:59:00Z'))).queued).toEqual([]);
    // 09:00 in Berlin: the digest for data day 2026-11-20.
    const first = await h.bot.runDigest(new Date('2026-11-21T08:00:00Z'));
    expect(first).toMatchObject({ dataDay: '2026-11-20', queued: ['C0INSIGHTS'] });
    h.setNow(new Date('2026-11-21T08:00:00Z'));
    await h.bot.queue.drain();
    expect(digests('C0INSIGHTS')).toHaveLength(1);
    const message = digests('C0INSIGHTS')[0];
    expect(message?.files?.[0]?.filename).toBe('acme-digest-2026-11-20.png');
    expect(JSON.stringify(message?.blocks)).toMatch(/open alerts/i);
    // Demo mode: the digest says so in its text, its title and its image.
    const file = h.slack.files.get(message?.files?.[0]?.id ?? '');
    expect(JSON.stringify(message?.blocks)).toContain(
      '*Demo data* — made-up figures of the built-in demo organization. Connect Docker',
    );
    expect(file?.title).toBe('Demo data · Docker Insights — acme · week to Nov 20');
    expect(await demoBadgePixels(file?.bytes ?? Buffer.alloc(0))).toBeGreaterThan(3000);

    // Running again the same day sends nothing.
    expect((await h.bot.runDigest(new Date('2026-11-21T08:30:00Z'))).queued).toEqual([]);
    await h.bot.queue.drain();
    expect(digests('C0INSIGHTS')).toHaveLength(1);

    // The next data day sends the next one.
    const next = await h.bot.runDigest(new Date('2026-11-22T08:01:00Z'));
    expect(next).toMatchObject({ dataDay: '2026-11-21', queued: ['C0INSIGHTS'] });
    h.setNow(new Date('2026-11-22T08:01:00Z'));
    await h.bot.queue.drain();
    expect(digests('C0INSIGHTS').map((m) => m.files?.[0]?.filename)).toEqual([
      'acme-digest-2026-11-20.png',
      'acme-digest-2026-11-21.png',
    ]);

    await h.command('subscriptions', { user: 'U0ANYONE' });
    const list = await h.slack.waitFor(ephemeral('U0ANYONE'));
    expect(list.text).toContain('<#C0INSIGHTS> — digest at 09:00 Europe/Berlin');
  });

  it('builds the digest without queueing anything on a dry run', async () => {
    const run = await h.bot.runDigest(new Date('2026-11-23T08:05:00Z'), { dryRun: true });
    expect(run.queued).toEqual([]);
    expect(run.digest?.sections.length).toBeGreaterThan(0);
    const queued = await h.bot.db.query(`SELECT key FROM delivery_queue WHERE key LIKE '%2026-11-22'`);
    expect(queued).toEqual([]);
  });
});
