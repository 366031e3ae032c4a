/**
 * Acceptance 6 (issue 21): `seats reclaim` with SEATS_RECLAIM=on and a confirm removes exactly the released
 * and unanswered members through the Hub API (the fake Docker server sees exactly those DELETEs), skipping a
 * member active again since asked; a token that gets 403 removes nobody and names the missing permission.
 * Everything is in the audit trail.
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
  ({ h, fake, clock } = await startReclaim({ SEATS_RECLAIM: 'on' }));
  // Ask everyone idle 30+ days; dave releases, carol keeps, erin and judy never answer.
  await h.command('seats ask 30d', { user: ADMIN });
  await press(h, await ephemeralTo(h, ADMIN, /would get a DM/), SEAT_ACTIONS.ask, ADMIN);
  await ephemeralTo(h, ADMIN, /Asked 4 members by DM/);
  await h.bot.queue.drain();
  await press(
    h,
    structuredClone(dm(h, SLACK_USERS.dave as string)[0]) as never,
    SEAT_ACTIONS.release,
    SLACK_USERS.dave as string,
  );
  await press(
    h,
    structuredClone(dm(h, SLACK_USERS.carol as string)[0]) as never,
    SEAT_ACTIONS.keep,
    SLACK_USERS.carol as string,
  );
  await askState(h, 'dave', 'released');
  await askState(h, 'carol', 'kept');
  // Eight days on, judy signed in again.
  clock.t += 8 * DAY;
  h.setNow(new Date(clock.t));
  fake.members = fake.members.map((m) =>
    m.username === 'judy' ? { ...m, last_logged_in_at: new Date(clock.t - DAY).toISOString() } : m,
  );
  await h.bot.services.sync.run(new Date(clock.t), { only: ['hub-members', 'hub-invites'] });
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

const deletes = () => fake.requests.filter((r) => r.method === 'DELETE').map((r) => [r.path, r.status]);

async function review() {
  h.slack.reset();
  await h.command('seats reclaim', { user: ADMIN });
  return ephemeralTo(h, ADMIN, /Reclaiming seats/);
}

describe('reviewing and removing', () => {
  it('shows who released, who never answered, who kept, who is not in Slack, and who is not removed and why', async () => {
    await h.command('seats reclaim', { user: 'U0MALLORY' });
    expect((await ephemeralTo(h, 'U0MALLORY', /Only Insights admins/)).text).toContain(
      'review reclaimed seats',
    );
    const message = await review();
    const text = JSON.stringify(message.blocks);
    expect(text).toContain(':outbox_tray: *Released* (1): *dave*');
    expect(text).toContain(':hourglass: *No answer within 7 days* (2): *erin*, *judy*');
    expect(text).toContain(':raised_hand: *Kept* (1): *carol*');
    expect(text).toContain(':grey_question: *Not in Slack, not asked* (1): *kim*');
    expect(text).toContain(':no_entry_sign: *Not removed*: *judy* (active again since asked)');
    const button = buttonOf(message, SEAT_ACTIONS.remove);
    expect(button?.text?.text).toBe('Remove 2 members from acme');
    expect(button?.confirm).toMatchObject({
      title: { text: 'Remove 2 members?' },
      text: { text: "Remove them from acme through Docker's API? dave, erin." },
      confirm: { text: 'Remove' },
      style: 'danger',
    });
    expect(deletes()).toEqual([]);
  });

  it("refuses a non-admin who replays an admin's Remove button: nothing reaches Docker", async () => {
    const message = await review();
    await press(h, message, SEAT_ACTIONS.remove, 'U0MALLORY');
    expect((await ephemeralTo(h, 'U0MALLORY', /Only Insights admins/)).text).toContain('remove members');
    expect(deletes()).toEqual([]);
    const audit = await h.bot.db.query("SELECT 1 FROM audit_log WHERE action LIKE 'seats.remove%'");
    expect(audit).toEqual([]);
  });

  it('removes nobody when Docker answers 403, and says which permission the token lacks', async () => {
    const message = await review();
    fake.failNext('/v2/orgs/acme/members/', { status: 403 });
    await press(h, message, SEAT_ACTIONS.remove, ADMIN);
    const answer = await ephemeralTo(h, ADMIN, /Docker refused/);
    expect(answer.text).toBe(
      'Not removed: judy (active again since asked). Docker refused to remove members from acme (403): DOCKER_TOKEN needs Member Edit (scope-member-edit): an organization access token with Member Edit, or a personal access token of an owner of the organization. Nobody was removed.',
    );
    expect(deletes()).toEqual([['/v2/orgs/acme/members/dave', 403]]);
    expect(fake.members.map((m) => m.username)).toEqual(expect.arrayContaining(['dave', 'erin']));
  });

  it('with a token allowed to edit members, removes exactly the released and unanswered members', async () => {
    const before = (await h.bot.services.seats.summary(new Date(clock.t))).used;
    const message = await review();
    expect(buttonOf(message, SEAT_ACTIONS.remove)?.text?.text).toBe('Remove 2 members from acme');
    // Docker does not find erin (gone already, or renamed): not proof of a freed seat, so not counted.
    fake.failNext('/v2/orgs/acme/members/erin', { status: 404 });
    await press(h, message, SEAT_ACTIONS.remove, ADMIN);
    expect((await ephemeralTo(h, ADMIN, /Removed/)).text).toBe(
      'Removed 1 member from acme: dave. Not removed: erin (Docker answered 404: gone already or renamed, so not counted as removed).',
    );
    expect(deletes()).toEqual([
      ['/v2/orgs/acme/members/dave', 403],
      ['/v2/orgs/acme/members/dave', 204],
      ['/v2/orgs/acme/members/erin', 404],
    ]);
    expect(fake.members.map((m) => m.username)).not.toEqual(expect.arrayContaining(['dave']));
    expect((await h.bot.services.seats.summary(new Date(clock.t))).used).toBe(before - 1);
    // Nobody left to remove; the review says so.
    expect(buttonOf(await review(), SEAT_ACTIONS.remove)).toBeUndefined();

    const audit = await h.bot.db.query<{ actor: string; action: string; target: string }>(
      "SELECT actor, action, target FROM audit_log WHERE action LIKE 'seats.remove%' ORDER BY id",
    );
    expect(audit).toEqual([
      { actor: ADMIN, action: 'seats.remove.skip', target: 'judy' },
      { actor: ADMIN, action: 'seats.remove', target: 'dave' },
      { actor: ADMIN, action: 'seats.remove.skip', target: 'erin' },
    ]);
    const trail = await h.bot.db.query<{ action: string }>(
      "SELECT DISTINCT action FROM audit_log WHERE action LIKE 'seats.%' ORDER BY action",
    );
    expect(trail.map((r) => r.action)).toEqual([
      'seats.answer.keep',
      'seats.answer.release',
      'seats.ask',
      'seats.remove',
      'seats.remove.skip',
    ]);
  });
});
