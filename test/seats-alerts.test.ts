/**
 * Acceptance 2 (issue 21): used seats crossing SEATS_ALERT_PERCENT open one "Seats nearly full" alert in the
 * `seats` subscription's channel; going back under resolves it in place; more used than bought opens
 * "Over seats" — through the alert lifecycle, driven by the Hub members and invites syncs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandInMessage } from '../src/sandbox/slack-stand-in-types.js';
import { type Harness, startHarness } from './support/bot-harness.js';
import { type FakeDocker, type FakeMember, startFakeDocker } from './support/fake-docker.js';
import { SEATS_NOW, seatMembers } from './support/seat-members.js';

const ADMIN = 'U0ADMIN';
const CHANNEL = 'C0SECURITY';
let fake: FakeDocker;
let h: Harness;
let clock = SEATS_NOW.getTime();

beforeAll(async () => {
  fake = await startFakeDocker({ now: () => clock, members: seatMembers() });
  h = await startHarness({
    DOCKER_ORG: 'acme',
    DOCKER_TOKEN: 'dckr_oat_test',
    DOCKER_HUB_URL: fake.hubUrl,
    DOCKER_API_URL: fake.apiUrl,
    INSIGHTS_ADMINS: ADMIN,
    DOCKER_SEATS: '14',
    SEATS_EXEMPT: 'robots',
  });
  await h.bot.initialSync;
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

const invitee = (n: number): FakeMember => ({
  ...(seatMembers().at(-1) as FakeMember),
  id: `${n}`.padStart(32, 'f'),
  username: `invitee${n}@elsewhere.example`,
  email: `invitee${n}@elsewhere.example`,
});

/** The members sync (members and invites) a minute later, then every queued post sent. */
async function sync(members: FakeMember[]) {
  fake.members = members;
  clock += 60_000;
  h.setNow(new Date(clock));
  const results = await h.bot.services.sync.run(new Date(clock), { only: ['hub-members', 'hub-invites'] });
  expect(results.every((r) => r.ok)).toBe(true);
  await h.bot.queue.drain();
}

const posts = () => h.slack.history(CHANNEL).filter((m) => !m.threadTs && !m.ephemeralTo);
const replies = (m: StandInMessage) => h.slack.history(CHANNEL).filter((r) => r.threadTs === m.ts);
const blocks = (m: StandInMessage | undefined) => JSON.stringify(m?.blocks ?? []);

describe('seat alerts', () => {
  it('subscribes a channel to the seat alerts and the weekly report', async () => {
    await h.command('subscribe seats weekly', { user: ADMIN, channel: CHANNEL });
    const answer = await h.slack.waitFor((s) =>
      s.history(CHANNEL, ADMIN).find((m) => m.ephemeralTo === ADMIN),
    );
    expect(answer.text).toBe(
      '<#C0SECURITY> will get seat alerts (“Seats nearly full” at 90% of the 14 seats bought, “Over seats” past them) and a seat report weekly, on Mondays at 09:00 UTC, with counts only (a public channel: names stay with admins).',
    );
    // 12 of 14 used (85.7%): nothing to say.
    await sync(seatMembers());
    expect(posts()).toEqual([]);
  });

  it('opens one "Seats nearly full" alert at 90%, quiet while it stays, resolved in place when back under', async () => {
    await sync([...seatMembers(), invitee(1)]); // 13 of 14: 92.9%
    const [alert] = posts();
    expect(posts()).toHaveLength(1);
    expect(alert?.text).toMatch(/^:rotating_light: 1 new seats alert/);
    expect(blocks(alert)).toContain('Seats nearly full: 13 of 14 Docker Business seats used, 1 free');
    expect(blocks(alert)).toContain('Acknowledge');

    await sync([...seatMembers(), invitee(1)]);
    expect(posts()).toHaveLength(1);
    expect(posts()[0]?.replaceCount).toBe(0);

    await sync(seatMembers()); // 12 of 14 again
    expect(posts()).toHaveLength(1);
    const [resolved] = posts();
    expect(resolved?.replaceCount).toBe(1);
    expect(blocks(resolved)).toMatch(/~Seats nearly full: 13 of 14/);
    expect(replies(resolved as StandInMessage).map((r) => r.text)).toEqual([
      expect.stringMatching(/^:white_check_mark: Resolved .*Seats nearly full/),
    ]);
  });

  it('opens "Over seats" when more seats are used than bought', async () => {
    await sync([...seatMembers(), invitee(1), invitee(2), invitee(3)]); // 15 of 14
    const latest = posts().at(-1);
    expect(posts()).toHaveLength(2);
    expect(latest?.text).toMatch(/^:rotating_light: 2 new seats alerts/);
    expect(blocks(latest)).toContain('Over seats: 15 seats used, 1 more than the 14 bought');
    expect(blocks(latest)).toContain('Seats nearly full: 15 of 14 Docker Business seats used, 0 free');
    const open = await h.bot.services.alerts.open();
    expect(open.map((a) => a.fingerprint).sort()).toEqual([
      'seats.nearly-full:org:acme',
      'seats.over:org:acme',
    ]);
    expect(open.find((a) => a.rule === 'seats.over')?.severity).toBe('high');
  });
});
