/**
 * Asking about seats when Slack fails (issue 21): a member Slack will not open a DM with is listed and
 * skipped, not a wall every later ask stops at; a failure that is not the member's stops the asks, records
 * nothing for the member it stopped at, and says so — pressing again asks the rest, nobody twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEAT_ACTIONS } from '../src/render/seat-reclaim-blocks.js';
import type { Harness } from './support/bot-harness.js';
import type { FakeDocker } from './support/fake-docker.js';
import { ADMIN, dm, ephemeralTo, press, SLACK_USERS, startReclaim } from './support/seat-reclaim.js';

let h: Harness;
let fake: FakeDocker;
beforeAll(async () => {
  ({ h, fake } = await startReclaim());
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

const asks = () =>
  h.bot.db.query<{ username: string; state: string }>('SELECT username, state FROM seat_asks ORDER BY id');

/** Asks everyone `seats ask 30d` shows, with Slack failing as `fault` sets up (after the stand-in's reset). */
async function askAll(pattern: RegExp, fault: () => void) {
  h.slack.reset();
  fault();
  await h.command('seats ask 30d', { user: ADMIN });
  const preview = await ephemeralTo(h, ADMIN, /would get a DM/);
  await press(h, preview, SEAT_ACTIONS.ask, ADMIN);
  return (await ephemeralTo(h, ADMIN, pattern)).text ?? '';
}

describe('asking about seats when Slack fails', () => {
  it('stops at a failure that is not the member’s, records nothing for them, and says so', async () => {
    // The longest idle first: erin's lookup is the first call.
    const text = await askAll(/I stopped before/, () =>
      h.slack.failNext('users.lookupByEmail', { error: 'internal_error' }),
    );
    expect(text).toContain('Asked 0 members by DM');
    expect(text).toContain(
      ':warning: I stopped before asking *erin* and the rest: Slack answered `An API error occurred: internal_error`.',
    );
    expect(await asks()).toEqual([]);
  });

  it('lists a member Slack will not open a DM with, and asks everyone after them', async () => {
    const text = await askAll(/Asked \d+ members by DM/, () =>
      h.slack.failNext('conversations.open', { error: 'user_disabled' }),
    );
    expect(text).toContain('Asked 3 members by DM');
    expect(text).toContain('2 have no Slack account with their Docker email that I can DM');
    expect(text).toMatch(/\*erin\*.*\*kim\*|\*kim\*.*\*erin\*/);
    expect(text).not.toContain('I stopped');
    await h.bot.queue.drain();
    for (const name of ['dave', 'carol', 'judy']) expect(dm(h, SLACK_USERS[name] as string)).toHaveLength(1);
    expect(dm(h, SLACK_USERS.erin as string)).toEqual([]);
    expect((await asks()).map((a) => `${a.username}:${a.state}`).sort()).toEqual([
      'carol:asked',
      'dave:asked',
      'erin:not_found',
      'judy:asked',
      'kim:not_found',
    ]);
  });

  it('waits out Slack’s rate limits on the lookups (Tier 3) instead of stopping', async () => {
    // Three 429s in a row for erin's lookup: more than the shared client's retries, fewer than the lookups'.
    const text = await askAll(/Asked \d+ members? by DM/, () => {
      for (let i = 0; i < 3; i++) h.slack.failNext('users.lookupByEmail', { status: 429, retryAfter: 1 });
    });
    expect(text).toContain('Asked 1 member by DM');
    expect(text).not.toContain('I stopped');
    const limited = h.slack.calls.filter((c) => c.method === 'users.lookupByEmail' && c.status === 429);
    expect(limited).toHaveLength(3);
    expect((await asks()).filter((a) => a.username === 'erin').map((a) => a.state)).toEqual([
      'not_found',
      'asked',
    ]);
  });
});
