/**
 * Acceptance 6, the other half (issue 21): without SEATS_RECLAIM the review stops at the answers — no remove
 * button, and the service refuses a removal however it is asked (nothing reaches Docker).
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

beforeAll(async () => {
  ({ h, fake } = await startReclaim());
  await h.command('seats ask 60d', { user: ADMIN });
  await press(h, await ephemeralTo(h, ADMIN, /would get a DM/), SEAT_ACTIONS.ask, ADMIN);
  await ephemeralTo(h, ADMIN, /Asked \d+ members by DM/);
  await h.bot.queue.drain();
  await press(
    h,
    structuredClone(dm(h, SLACK_USERS.dave as string)[0]) as never,
    SEAT_ACTIONS.release,
    SLACK_USERS.dave as string,
  );
  await askState(h, 'dave', 'released');
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

describe('reclaiming without SEATS_RECLAIM', () => {
  it('reviews the answers with no remove button, and removes nobody', async () => {
    await h.command('seats reclaim', { user: ADMIN });
    const review = await ephemeralTo(h, ADMIN, /Reclaiming seats/);
    const text = JSON.stringify(review.blocks);
    expect(text).toContain(':outbox_tray: *Released* (1): *dave*');
    expect(text).toContain('Removal from Slack is off: the operator sets SEATS_RECLAIM=on');
    expect(buttonOf(review, SEAT_ACTIONS.remove)).toBeUndefined();
    const [ask] = await h.bot.db.query<{ id: number }>("SELECT id FROM seat_asks WHERE username = 'dave'");
    const result = await h.bot.services.seatReclaim.remove({ ids: [Number(ask?.id)], by: ADMIN }, new Date());
    expect(result).toEqual({
      removed: [],
      skipped: [],
      error: 'Removal is off: the operator sets SEATS_RECLAIM=on to allow it.',
    });
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });
});
