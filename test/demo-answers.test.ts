/**
 * What a newcomer gets in demo mode (issue 22): `/insights status` agrees with itself, an activity export
 * with no log says so instead of sending an empty file, and `siem resume` with none configured says how.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/bot-harness.js';

const ADMIN = 'U0ADMIN';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ INSIGHTS_ADMINS: ADMIN });
});
afterAll(async () => {
  await h?.close();
});

const answer = (user: string, channel: string, pattern: RegExp) =>
  h.slack.waitFor((s) =>
    s.history(channel, user).find((m) => m.ephemeralTo === user && pattern.test(m.text ?? '')),
  );

describe('demo mode answers', () => {
  it('/insights status gives the demo data day and counts a failed post instead of "no errors"', async () => {
    await h.bot.queue.enqueue('test:given-up', { kind: 'message', channel: 'C0GENERAL', text: 'hello' });
    h.slack.failNext('chat.postMessage', { error: 'invalid_blocks' }, { channel: 'C0GENERAL' });
    await h.bot.queue.drain();

    await h.command('status', { user: 'U0ANYONE', channel: 'C0GENERAL' });
    const status = await answer('U0ANYONE', 'C0GENERAL', /^Insights sources/);
    expect(status.text).toBe(
      'Insights sources for the demo organization acme: 1 problem listed; data as of 2026-11-20.',
    );
    const body = JSON.stringify(status.blocks);
    expect(body).toContain('demo organization *acme* · data as of *2026-11-20*');
    expect(body).toContain('failed and was given up');
  });

  it('says there is no activity log to export instead of uploading an empty file', async () => {
    const uploads = () => h.slack.calls.filter((c) => c.method === 'files.getUploadURLExternal').length;
    const before = uploads();
    await h.command('export activity', { user: ADMIN, channel: 'C0INSIGHTS' });
    const none = await answer(ADMIN, 'C0INSIGHTS', /activity log/);
    expect(none.text).toMatch(/^There is no activity log to export: the demo organization has none\./);
    expect(uploads()).toBe(before);
  });

  it('names the settings when no SIEM destination is configured, not "configured: none configured"', async () => {
    await h.command('siem resume splunk', { user: ADMIN, channel: 'C0INSIGHTS' });
    const none = await answer(ADMIN, 'C0INSIGHTS', /SIEM destination/);
    expect(none.text).toBe(
      'There is no SIEM destination `splunk`: none is configured (set `SIEM_SPLUNK_URL`, `SIEM_SENTINEL_ENDPOINT` or `SIEM_WEBHOOK_URL`).',
    );
  });
});
