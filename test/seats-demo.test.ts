/**
 * The demo organization has seats too (issue 21): bought a little above its members, an idle tail, a few
 * invites and 90 days of seat use, so `/insights seats`, the chart (acceptance 7, demo data) and the Home
 * tab's seats line show every part; the reclaim state is the admins'.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, pngSize, startHarness } from './support/bot-harness.js';
import { demoBadgePixels } from './support/demo-badge.js';
import { openHome, viewText } from './support/home.js';

const ADMIN = 'U0ADMIN';
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ INSIGHTS_ADMINS: ADMIN });
});
afterAll(async () => {
  await h?.close();
});

describe('seats of the demo organization', () => {
  it('stay out of the store until someone asks about seats: the minute’s seats job writes nothing', async () => {
    await h.bot.runJob('seats');
    const [row] = await h.bot.db.query<{ members: number; snapshots: number }>(
      'SELECT (SELECT count(*)::int FROM members) AS members, (SELECT count(*)::int FROM seat_snapshots) AS snapshots',
    );
    expect(row).toEqual({ members: 0, snapshots: 0 });
  });

  it('are bought a little above the members, with an idle tail, invites and a cost', async () => {
    const s = await h.bot.services.seats.summary(new Date('2026-11-21T08:00:00Z'));
    expect(s.purchased).toBe(265);
    expect(s.used).toBeGreaterThan(235);
    expect(s.used).toBeLessThanOrEqual(265);
    expect(s.counts.invites).toBeGreaterThan(0);
    expect(s.counts.active).toBeGreaterThan(s.used / 2);
    expect(s.idle).toBeGreaterThan(10);
    expect(s.counts.idle90 + s.counts.neverActive).toBeGreaterThan(0);
    expect(s.idleCost?.month).toBe(s.idle * 24);
  });

  it('posts the seats chart with 30 days of history, labelled demo data', async () => {
    await h.command('seats', { user: 'U0MEMBER' });
    const message = await h.slack.waitFor((s) =>
      s.history('C0INSIGHTS').find((m) => (m.files?.length ?? 0) > 0),
    );
    expect(JSON.stringify(message.blocks)).toContain('*Demo data* — made-up figures');
    expect(JSON.stringify(message.blocks)).toMatch(/\d+ of 265 seats used \(\d+\.\d%\)/);
    const file = h.slack.files.get(message.files?.[0]?.id ?? '');
    expect(file?.title).toMatch(/^Demo data · Docker Business seats · [\w-]+ · last 30 days$/);
    const bytes = file?.bytes ?? Buffer.alloc(0);
    expect(pngSize(bytes)).toEqual({ width: 1200, height: 630 });
    expect(await demoBadgePixels(bytes)).toBeGreaterThan(1000);
    const { chart } = await h.bot.services.seats.overview('1m', new Date('2026-11-21T08:00:00Z'));
    expect(chart.graphs[0]?.labels).toHaveLength(30);
    expect(chart.graphs[0]?.lines?.[0]?.values.every((v) => v === 265)).toBe(true);
  });

  it('puts a seats line on everyone’s Home tab, and how reclaiming stands on the admins’', async () => {
    const member = viewText(await openHome(h, 'U0MEMBER'));
    expect(member).toMatch(
      /Docker Business seats\* \d+ of 265 used \(\d+\.\d%\) · \d+ idle 30\+ days or never active · \d+ pending invite/,
    );
    expect(member).not.toContain('Reclaiming');
    const admin = viewText(await openHome(h, ADMIN));
    expect(admin).toContain('Reclaiming: nobody asked yet');
  });
});
