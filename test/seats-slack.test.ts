/**
 * Acceptance 1 (issue 21): with DOCKER_SEATS set against the fake Docker server, `/insights seats` shows
 * purchased, used (members + invites), utilization and the counts that match the members' dates, worked out
 * by hand (test/support/seat-members.ts); a non-admin sees counts and no names or emails.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StandInMessage } from '../src/sandbox/slack-stand-in-types.js';
import { type Harness, pngSize, startHarness } from './support/bot-harness.js';
import { type FakeDocker, startFakeDocker } from './support/fake-docker.js';
import { EXPECTED, IDLE_ORDER, SEATS_NOW, seatMembers } from './support/seat-members.js';

const ADMIN = 'U0ADMIN';
let fake: FakeDocker;
let h: Harness;

beforeAll(async () => {
  fake = await startFakeDocker({ now: () => SEATS_NOW.getTime(), members: seatMembers() });
  h = await startHarness({
    DOCKER_ORG: 'acme',
    DOCKER_TOKEN: 'dckr_oat_test',
    DOCKER_HUB_URL: fake.hubUrl,
    DOCKER_API_URL: fake.apiUrl,
    INSIGHTS_ADMINS: ADMIN,
    DOCKER_SEATS: '13',
    DOCKER_SEAT_PRICE: '24',
    SEATS_EXEMPT: 'robots',
  });
  await h.bot.initialSync;
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});
beforeEach(() => h.slack.reset());

const upload = (channel: string) => (s: Harness['slack']) =>
  s.history(channel).find((m) => (m.files?.length ?? 0) > 0);
const everything = (messages: StandInMessage[]) => JSON.stringify(messages.map((m) => [m.text, m.blocks]));
const NAMES = seatMembers().map((m) => m.username);

describe('/insights seats', () => {
  it('shows anyone the seat counts the members’ dates give, with shares and cost, and no names or emails', async () => {
    await h.command('seats', { user: 'U0MEMBER' });
    const message = await h.slack.waitFor(upload('C0INSIGHTS'));
    const blocks = JSON.stringify(message.blocks);
    expect(blocks).toContain('12 of 13 seats used (92.3%), 1 free');
    const field = (label: string, value: string) => expect(blocks).toContain(`*${label}*\\n${value}`);
    field('Active in the last 30 days', '3 (25.0%)');
    field('Idle 30–59 days', '2 (16.7%)');
    field('Idle 60–89 days', '1 (8.3%)');
    field('Idle 90+ days', '1 (8.3%)');
    field('Never active', '1 (8.3%)');
    field('Joined in the last 30 days', '1 (8.3%)');
    field('Exempt', '1 (8.3%)');
    field('Pending invites', '2 (16.7%)');
    field('Guests (any status)', '1 (8.3%)');
    expect(blocks).toContain('5 idle seats (30+ days or never active) cost $120 a month ($1,440 a year)');
    const file = h.slack.files.get(message.files?.[0]?.id ?? '');
    expect(file?.filename).toBe('acme-seats-1m-2026-11-21.png');
    expect(pngSize(file?.bytes ?? Buffer.alloc(0))).toEqual({ width: 1200, height: 630 });
    // Short, as the Insights charts' titles: the figures are in the message and the image.
    expect(file?.title).toBe('Docker Business seats · acme · last 30 days');

    // Nothing the member can see names anyone.
    const seen = h.slack.history('C0INSIGHTS', 'U0MEMBER');
    const text = everything(seen);
    for (const name of NAMES) expect(text).not.toContain(name);
    expect(text).not.toMatch(/@acme\.example|@gmail\.example/);
    expect(seen.filter((m) => m.ephemeralTo === 'U0MEMBER')).toEqual([]);
  });

  it('shows an admin the idle members by name, the longest idle first, with the kind of their last activity', async () => {
    await h.command('seats 1w', { user: ADMIN });
    const list = await h.slack.waitFor((s) =>
      s
        .history('C0INSIGHTS', ADMIN)
        .find((m) => m.ephemeralTo === ADMIN && /Idle seats in acme/.test(JSON.stringify(m.blocks))),
    );
    const text = JSON.stringify(list.blocks);
    const order = IDLE_ORDER.map((name) => text.indexOf(`*${name}*`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(text).toContain('*dave* (Dave Example) · developers · last sign-in 2026-08-18 (95 days ago)');
    expect(text).toContain(
      '*carol* (Carol Example) · developers · last Docker Desktop 2026-09-17 (65 days ago)',
    );
    expect(text).toContain('*erin* (Erin Example) · developers · never active · joined 2024-12-21');
    for (const active of ['alice', 'heidi', 'ivan', 'frank', 'grace'])
      expect(text).not.toContain(`*${active}*`);
    expect(text).not.toMatch(/@acme\.example/);
  });

  it('lets an admin exempt a member (audited), and refuses anyone else', async () => {
    await h.command('seats exempt bob', { user: 'U0MALLORY' });
    const refused = await h.slack.waitFor((s) =>
      s.history('C0INSIGHTS', 'U0MALLORY').find((m) => m.ephemeralTo),
    );
    expect(refused.text).toContain('Only Insights admins can change seat exemptions');
    await h.command('seats exempt bob', { user: ADMIN });
    const done = await h.slack.waitFor((s) =>
      s.history('C0INSIGHTS', ADMIN).find((m) => /exempt now/.test(m.text ?? '')),
    );
    expect(done.text).toBe('*bob* is exempt now: never asked about their seat and never removed.');
    const summary = await h.bot.services.seats.summary(SEATS_NOW);
    expect(summary.counts).toEqual({ ...EXPECTED, idle30: 1, exempt: 2 });
    const audit = await h.bot.db.query(
      "SELECT actor, action, target FROM audit_log WHERE action LIKE 'seats.%'",
    );
    expect(audit).toEqual([{ actor: ADMIN, action: 'seats.exempt', target: 'bob' }]);
    await h.command('seats unexempt bob', { user: ADMIN });
    await h.slack.waitFor((s) =>
      s.history('C0INSIGHTS', ADMIN).find((m) => /no longer exempt/.test(m.text ?? '')),
    );
    expect((await h.bot.services.seats.summary(SEATS_NOW)).counts).toEqual(EXPECTED);
  });

  it('exempts a Slack user by the email Slack has for them (users.info)', async () => {
    h.slack.addUser({ id: 'U0JUDY', email: 'judy@acme.example' });
    await h.command('seats exempt <@U0JUDY|judy>', { user: ADMIN });
    const done = await h.slack.waitFor((s) =>
      s.history('C0INSIGHTS', ADMIN).find((m) => /judy\* is exempt now/.test(m.text ?? '')),
    );
    expect(done.text).toContain('*judy* is exempt now');
    await h.command('seats exempt', { user: ADMIN });
    const list = await h.slack.waitFor((s) =>
      s.history('C0INSIGHTS', ADMIN).find((m) => /Exempt members/.test(m.text ?? '')),
    );
    expect(list.text).toContain('• *judy* (by <@U0ADMIN>, 2026-11-21)');
    expect(list.text).toContain('SEATS_EXEMPT also exempts: `robots`.');
    await h.command('seats unexempt judy', { user: ADMIN });
    await h.slack.waitFor((s) =>
      s.history('C0INSIGHTS', ADMIN).find((m) => /judy\* is no longer exempt/.test(m.text ?? '')),
    );
  });

  it('says why a Slack user cannot be matched: no such user, or a bot', async () => {
    h.slack.failNext('users.info', { error: 'user_not_found' });
    await h.command('seats exempt <@U0GONE|gone>', { user: ADMIN });
    const gone = await h.slack.waitFor((s) =>
      s.history('C0INSIGHTS', ADMIN).find((m) => /U0GONE/.test(m.text ?? '')),
    );
    expect(gone.text).toBe('Slack has no user <@U0GONE>: type their Docker username instead.');
    await h.command(`seats exempt <@${h.slack.botUserId}|insights>`, { user: ADMIN });
    const bot = await h.slack.waitFor((s) =>
      s.history('C0INSIGHTS', ADMIN).find((m) => /is a bot/.test(m.text ?? '')),
    );
    expect(bot.text).toBe(
      `<@${h.slack.botUserId}> is a bot, with no email to match a Docker member: type their Docker username instead.`,
    );
  });

  it('answers a mistyped seats command with what is accepted', async () => {
    const res = await h.command('seats ask 10d', { user: ADMIN });
    expect(((await res.json()) as { text: string }).text).toContain('use days from `30d` to `365d`');
    const typo = await h.command('seats reclam', { user: ADMIN });
    expect(((await typo.json()) as { text: string }).text).toContain('Did you mean `reclaim`?');
  });
});
