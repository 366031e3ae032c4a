/**
 * Acceptance 5 (issue 21): `seats ask 30d` → confirm → each idle member found in Slack by email gets one DM
 * with Keep my seat / Release it; owners, exempt members and new joiners are never asked; members not in
 * Slack are listed to the admin; the answers are recorded and acknowledged in the DM (the buttons go away);
 * one reminder; nobody is asked again within 30 days of "Keep". Everything audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEAT_ACTIONS } from '../src/render/seat-reclaim-blocks.js';
import type { Harness } from './support/bot-harness.js';
import type { FakeDocker } from './support/fake-docker.js';
import {
  ADMIN,
  askState,
  buttonOf,
  dm,
  ephemeralTo,
  press,
  SLACK_USERS,
  startReclaim,
} from './support/seat-reclaim.js';

let h: Harness;
let fake: FakeDocker;
let clock: { t: number };
const DAY = 86_400_000;

beforeAll(async () => {
  ({ h, fake, clock } = await startReclaim());
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

const later = async (days: number) => {
  clock.t += days * DAY;
  h.setNow(new Date(clock.t));
};

describe('asking idle members about their seat', () => {
  it('shows an admin who would be asked, behind a confirm dialog; refuses anyone else', async () => {
    await h.command('seats ask', { user: 'U0MALLORY' });
    expect((await ephemeralTo(h, 'U0MALLORY', /Only Insights admins/)).text).toContain(
      'ask members about their seats',
    );
    await h.command('seats ask 30d', { user: ADMIN });
    const preview = await ephemeralTo(h, ADMIN, /would get a DM/);
    const text = JSON.stringify(preview.blocks);
    expect(text).toContain('5 members idle for 30+ days would get a DM');
    const order = ['erin', 'kim', 'dave', 'carol', 'judy'].map((n) => text.indexOf(`*${n}*`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const never of ['bob', 'grace', 'frank', 'alice']) expect(text).not.toContain(`*${never}*`);
    const button = buttonOf(preview, SEAT_ACTIONS.ask);
    expect(button?.text?.text).toBe('Ask 5 members');
    expect(button?.confirm).toMatchObject({ confirm: { text: 'Send the DMs' }, deny: { text: 'Cancel' } });
    expect(dm(h, SLACK_USERS.dave as string)).toEqual([]);

    await press(h, preview, SEAT_ACTIONS.ask, 'U0MALLORY');
    expect((await ephemeralTo(h, 'U0MALLORY', /Only Insights admins/)).text).toBeTruthy();
    await h.bot.queue.drain();
    expect(dm(h, SLACK_USERS.dave as string)).toEqual([]);
  });

  it('on confirm, DMs each idle member found by email once, and lists the ones not in Slack', async () => {
    await h.command('seats ask 30d', { user: ADMIN });
    const preview = await ephemeralTo(h, ADMIN, /would get a DM/);
    await press(h, preview, SEAT_ACTIONS.ask, ADMIN);
    const result = await ephemeralTo(h, ADMIN, /Asked \d+ members by DM/);
    expect(result.text).toBe(
      'Asked 4 members by DM; one reminder follows for anyone who does not answer. `/insights seats reclaim` shows the answers.\n1 have no Slack account with their Docker email that I can DM, so I could not ask them: *kim*. Ask them another way.',
    );
    await h.bot.queue.drain();
    for (const name of ['carol', 'dave', 'erin', 'judy']) {
      const messages = dm(h, SLACK_USERS[name] as string);
      expect(messages).toHaveLength(1);
      expect(buttonOf(messages[0], SEAT_ACTIONS.keep)).toBeTruthy();
      expect(buttonOf(messages[0], SEAT_ACTIONS.release)).toBeTruthy();
    }
    expect(dm(h, SLACK_USERS.dave as string)[0]?.text).toBe(
      "You haven't used Docker Desktop or signed in to Docker since 2026-08-18. Do you still need your Docker Business seat in acme?",
    );
    for (const never of ['bob', 'grace', 'frank']) expect(dm(h, SLACK_USERS[never] as string)).toEqual([]);
    const lookups = h.slack.calls.filter((c) => c.method === 'users.lookupByEmail').map((c) => c.args.email);
    expect(lookups.sort()).toEqual(['carol', 'dave', 'erin', 'judy', 'kim'].map((n) => `${n}@acme.example`));
  });

  it('records and acknowledges Keep and Release in the DM, whose buttons go away; nobody else may answer', async () => {
    // Copies: the stand-in updates a message in place when chat.update changes it.
    const dave = structuredClone(dm(h, SLACK_USERS.dave as string)[0]);
    const carol = structuredClone(dm(h, SLACK_USERS.carol as string)[0]);
    const erin = structuredClone(dm(h, SLACK_USERS.erin as string)[0]);
    if (!dave || !carol || !erin) throw new Error('missing DMs');
    await press(h, erin, SEAT_ACTIONS.release, 'U0MALLORY');
    expect((await ephemeralTo(h, 'U0MALLORY', /for someone else/, erin.channel)).text).toBeTruthy();
    await press(h, dave, SEAT_ACTIONS.release, SLACK_USERS.dave as string);
    await press(h, carol, SEAT_ACTIONS.keep, SLACK_USERS.carol as string);
    await askState(h, 'dave', 'released');
    await askState(h, 'carol', 'kept');
    await h.bot.queue.drain();
    const [daveNow] = dm(h, SLACK_USERS.dave as string);
    expect(daveNow?.replaceCount).toBe(1);
    expect(daveNow?.text).toMatch(/^Thanks — you released your Docker Business seat in acme/);
    expect(buttonOf(daveNow, SEAT_ACTIONS.keep)).toBeUndefined();
    expect(dm(h, SLACK_USERS.carol as string)[0]?.text).toMatch(
      /^Thanks — you keep your Docker Business seat in acme/,
    );
    expect(buttonOf(dm(h, SLACK_USERS.erin as string)[0], SEAT_ACTIONS.keep)).toBeTruthy();
    // A second press changes nothing.
    await press(h, dave, SEAT_ACTIONS.keep, SLACK_USERS.dave as string);
    expect(
      (await ephemeralTo(h, SLACK_USERS.dave as string, /already answered/, dave.channel)).text,
    ).toBeTruthy();
    const states = await h.bot.db.query<{ username: string; state: string }>(
      'SELECT username, state FROM seat_asks ORDER BY username',
    );
    expect(states).toEqual([
      { username: 'carol', state: 'kept' },
      { username: 'dave', state: 'released' },
      { username: 'erin', state: 'asked' },
      { username: 'judy', state: 'asked' },
      { username: 'kim', state: 'not_found' },
    ]);
  });

  it('reminds the unanswered once (not one active again), and asks nobody twice within 30 days of Keep', async () => {
    await later(2);
    await h.bot.runJob('seats');
    await h.bot.queue.drain();
    expect(dm(h, SLACK_USERS.erin as string)).toHaveLength(1);
    // judy opens Docker Desktop again before the reminder is due: she is not reminded.
    const judy = fake.members.find((m) => m.username === 'judy');
    if (!judy) throw new Error('no judy');
    judy.last_seen_at = new Date(clock.t).toISOString();
    await h.bot.runJob('sync');
    await later(1);
    await h.bot.runJob('seats');
    await h.bot.runJob('seats');
    await h.bot.queue.drain();
    const erin = dm(h, SLACK_USERS.erin as string);
    expect(erin).toHaveLength(2);
    expect(erin[1]?.text).toMatch(/^Reminder: You haven't used Docker Desktop/);
    expect(dm(h, SLACK_USERS.dave as string)).toHaveLength(1);
    expect(dm(h, SLACK_USERS.judy as string)).toHaveLength(1);
    // Answering the reminder takes the buttons off both messages.
    await press(h, erin[1] as NonNullable<(typeof erin)[1]>, SEAT_ACTIONS.keep, SLACK_USERS.erin as string);
    await askState(h, 'erin', 'kept');
    await h.bot.queue.drain();
    expect(dm(h, SLACK_USERS.erin as string).map((m) => buttonOf(m, SEAT_ACTIONS.keep))).toEqual([
      undefined,
      undefined,
    ]);

    h.slack.reset();
    await h.command('seats ask 30d', { user: ADMIN });
    const again = JSON.stringify(
      (await ephemeralTo(h, ADMIN, /would get a DM|Nobody in acme to ask/)).blocks,
    );
    for (const asked of ['carol', 'dave', 'erin', 'judy']) expect(again).not.toContain(`*${asked}*`);
    expect(again).toContain('*kim*');
    const audit = await h.bot.db.query<{ action: string; n: number }>(
      "SELECT action, count(*)::int AS n FROM audit_log WHERE action LIKE 'seats.%' GROUP BY action ORDER BY action",
    );
    expect(audit).toEqual([
      { action: 'seats.answer.keep', n: 2 },
      { action: 'seats.answer.release', n: 1 },
      { action: 'seats.ask', n: 5 },
    ]);
  });
});
