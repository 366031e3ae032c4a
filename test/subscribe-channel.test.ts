import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, NOW, startHarness } from './support/bot-harness.js';

// A subscription is for a channel Slack has and lets the bot post in: checked when subscribing
// (conversations.info), paused when the channel goes away later, its failures cleared on unsubscribe.
const ADMIN = 'U0ADMIN';
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ INSIGHTS_ADMINS: ADMIN });
});
afterAll(async () => {
  await h?.close();
});

/** The command's answer (ephemeral, through the response_url). */
async function answer(text: string, channel = 'C0INSIGHTS'): Promise<string> {
  const before = h.slack.history(channel, ADMIN).length;
  await h.command(text, { user: ADMIN, channel });
  const reply = await h.slack.waitFor((s) =>
    s
      .history(channel, ADMIN)
      .slice(before)
      .find((m) => m.ephemeralTo === ADMIN),
  );
  return reply.text ?? '';
}

const stored = async () =>
  (await h.bot.db.query<{ channel: string }>('SELECT channel FROM subscriptions ORDER BY channel')).map(
    (r) => r.channel,
  );

describe('subscribing a channel', () => {
  it('refuses a channel Slack does not know, with the reason, and stores nothing', async () => {
    expect(await answer('subscribe digest <#C0NOPE|nope>')).toBe(
      'Slack has no channel `C0NOPE` that I can see, so nothing was subscribed. If it is a private channel, invite me with `/invite @Insights`, then subscribe again.',
    );
    expect(await stored()).toEqual([]);
    expect(await h.bot.db.query('SELECT * FROM audit_log')).toEqual([]);
  });

  it('gives the invite hint for a private channel the bot is not in, refuses an archived one, takes a public one', async () => {
    expect(await answer('subscribe drift <#G0PRIVATE|leadership>')).toContain(
      'If it is a private channel, invite me with `/invite @Insights`',
    );
    h.slack.addChannel({ id: 'C0OLD', name: 'old', isArchived: true, botIsMember: true });
    expect(await answer('subscribe scout <#C0OLD|old>')).toBe(
      '<#C0OLD> is archived, so nothing was subscribed: pick a channel in use.',
    );
    expect(await stored()).toEqual([]);
    // Public, the bot not a member: fine, it joins to post.
    expect(await answer('subscribe drift <#C0SECURITY|security>')).toMatch(/^<#C0SECURITY> will get/);
    // Invited to the private channel: fine.
    h.slack.channels.get('G0PRIVATE')?.members.add(h.slack.botUserId);
    expect(await answer('subscribe drift <#G0PRIVATE|leadership>')).toMatch(/^<#G0PRIVATE> will get/);
    expect(await stored()).toEqual(['C0SECURITY', 'G0PRIVATE']);
    await answer('unsubscribe drift <#C0SECURITY|security>');
    await answer('unsubscribe drift <#G0PRIVATE|leadership>');
  });

  it('pauses the subscriptions of a channel that later disappears or is archived; unsubscribing clears its error', async () => {
    h.slack.addChannel({ id: 'C0GONE', name: 'gone', botIsMember: true });
    h.slack.addChannel({ id: 'C0SHUT', name: 'shut', botIsMember: true });
    await answer('subscribe digest <#C0GONE|gone> at 00:00 tz UTC');
    await answer('subscribe digest <#C0SHUT|shut> at 00:00 tz UTC');
    h.slack.channels.delete('C0GONE');
    const shut = h.slack.channels.get('C0SHUT');
    if (shut) shut.isArchived = true;

    expect((await h.bot.runDigest(NOW)).queued).toEqual(['C0GONE', 'C0SHUT']);
    expect(await h.bot.queue.drain()).toMatchObject({ sent: 0, failed: 2 });
    const list = await answer('subscriptions');
    expect(list).toContain(
      '<#C0GONE> — digest at 00:00 UTC — *paused*: Slack no longer has this channel, or it is private and I was removed (since 2026-11-21)',
    );
    expect(list).toContain(
      '<#C0SHUT> — digest at 00:00 UTC — *paused*: the channel is archived (since 2026-11-21)',
    );
    const status = JSON.stringify((await h.bot.services.status.view()).hints);
    expect(status).toContain('Posting to <#C0GONE> failed and was given up: channel_not_found');
    expect(status).toContain('The digest subscription of <#C0SHUT> is paused: the channel is archived');
    // Nothing more is sent to a paused subscription.
    expect((await h.bot.runDigest(new Date(NOW.getTime() + 86_400_000))).queued).toEqual([]);

    await answer('unsubscribe digest <#C0GONE|gone>');
    const after = JSON.stringify((await h.bot.services.status.view()).hints);
    expect(after).not.toContain('C0GONE');
    expect(after).toContain('Posting to <#C0SHUT> failed');
    // Subscribing again checks the channel: still archived, still paused.
    expect(await answer('subscribe digest <#C0SHUT|shut>')).toContain('is archived');
    if (shut) shut.isArchived = false;
    expect(await answer('subscribe digest <#C0SHUT|shut> at 00:00 tz UTC')).toMatch(/^<#C0SHUT> will get/);
    expect(await answer('subscriptions')).not.toContain('paused');
  });
});
