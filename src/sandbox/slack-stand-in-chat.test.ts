/** chat.*, conversations.* and users.info of the Slack stand-in through the real WebClient. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SlackStandIn } from './slack-stand-in.js';
import { client, slackError, startTestStandIn } from './slack-stand-in.test-support.js';

let standIn: SlackStandIn;

beforeAll(async () => {
  standIn = await startTestStandIn();
});

afterAll(async () => {
  await standIn.close();
});

beforeEach(() => {
  standIn.reset();
});

describe('chat methods', () => {
  it('round-trips postMessage, update and postEphemeral', async () => {
    const web = client(standIn);
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Daily digest*' } }];
    const posted = await web.chat.postMessage({ channel: 'C0INSIGHTS', text: 'Daily digest', blocks });
    expect(posted).toMatchObject({
      ok: true,
      channel: 'C0INSIGHTS',
      message: { text: 'Daily digest', blocks },
    });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(standIn.calls[0]?.args).toMatchObject({ channel: 'C0INSIGHTS', blocks });

    const reply = await web.chat.postMessage({
      channel: 'C0INSIGHTS',
      text: 'in thread',
      thread_ts: posted.ts,
    });
    expect(Number(reply.ts)).toBeGreaterThan(Number(posted.ts));
    const nested = await web.chat.postMessage({ channel: 'C0INSIGHTS', text: 'nested', thread_ts: reply.ts });
    expect(standIn.thread('C0INSIGHTS', posted.ts ?? '').map((m) => m.ts)).toEqual([reply.ts, nested.ts]);

    const updated = await web.chat.update({
      channel: 'C0INSIGHTS',
      ts: posted.ts ?? '',
      text: 'Digest (updated)',
    });
    expect(updated).toMatchObject({ ok: true, ts: posted.ts, text: 'Digest (updated)' });
    const stored = standIn.history('C0INSIGHTS')[0];
    expect(stored).toMatchObject({ text: 'Digest (updated)', blocks, replaceCount: 1, user: 'U0BOT' });
    expect(stored?.editedAt).toBeTypeOf('number');

    const eph = await web.chat.postEphemeral({ channel: 'C0INSIGHTS', user: 'U0USER', text: 'only you' });
    expect(eph.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(standIn.history('C0INSIGHTS')).toHaveLength(3);
    expect(standIn.history('C0INSIGHTS', 'U0USER').at(-1)).toMatchObject({
      text: 'only you',
      ephemeralTo: 'U0USER',
    });

    expect(await slackError(web.chat.update({ channel: 'C0INSIGHTS', ts: '1.000000', text: 'x' }))).toBe(
      'message_not_found',
    );
  });

  it('refuses what Slack refuses', async () => {
    const web = client(standIn);
    expect(await slackError(web.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).toBe(
      'channel_not_found',
    );
    expect(await slackError(web.chat.postMessage({ channel: 'C0GENERAL', text: '' }))).toBe('no_text');
    expect(await slackError(web.chat.postMessage({ channel: 'G0PRIVATE', text: 'x' }))).toBe(
      'not_in_channel',
    );
    standIn.addChannel({ id: 'C0OLD', name: 'old', isArchived: true, botIsMember: true });
    expect(await slackError(web.chat.postMessage({ channel: 'C0OLD', text: 'x' }))).toBe('is_archived');
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(await slackError(web.chat.postMessage({ channel: 'C0GENERAL', text: 'x', blocks: tooMany }))).toBe(
      'invalid_blocks',
    );
    // Block Kit's limits, with Slack's message naming the field.
    const long = [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }];
    const refused = await web.chat
      .postMessage({ channel: 'C0GENERAL', text: 'x', blocks: long })
      .catch((e) => e);
    expect((refused as { data?: unknown }).data).toMatchObject({
      error: 'invalid_blocks',
      response_metadata: {
        messages: ['[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]'],
      },
    });
    // chat:write.public: public channels work without joining.
    await expect(web.chat.postMessage({ channel: 'C0SECURITY', text: 'public' })).resolves.toMatchObject({
      ok: true,
    });
    await expect(web.chat.postMessage({ channel: '#general', text: 'by name' })).resolves.toMatchObject({
      channel: 'C0GENERAL',
    });
  });

  it('cannot update or delete messages the bot did not post', async () => {
    const human = standIn.addMessage({ channel: 'C0GENERAL', user: 'U0USER', text: 'hi bot' });
    const web = client(standIn);
    expect(await slackError(web.chat.update({ channel: 'C0GENERAL', ts: human.ts, text: 'x' }))).toBe(
      'cant_update_message',
    );
    expect(await slackError(web.chat.delete({ channel: 'C0GENERAL', ts: human.ts }))).toBe(
      'cant_delete_message',
    );
    const own = await web.chat.postMessage({ channel: 'C0GENERAL', text: 'mine' });
    const deleted: string[] = [];
    standIn.on('delete', (m) => deleted.push(m.ts));
    await web.chat.delete({ channel: 'C0GENERAL', ts: own.ts ?? '' });
    expect(deleted).toEqual([own.ts]);
    expect(standIn.history('C0GENERAL').map((m) => m.text)).toEqual(['hi bot']);
  });

  it('opens DMs with conversations.open and posts to user ids there', async () => {
    const web = client(standIn);
    const opened = await web.conversations.open({ users: 'U0ALICE' });
    const id = opened.channel?.id ?? '';
    expect(id).toMatch(/^D/);
    const again = await web.conversations.open({ users: 'U0ALICE' });
    expect(again.channel?.id).toBe(id);
    const posted = await web.chat.postMessage({ channel: 'U0ALICE', text: 'hello' });
    expect(posted.channel).toBe(id);
    const info = await web.conversations.info({ channel: id });
    expect(info.channel).toMatchObject({ is_im: true, is_member: true, user: 'U0ALICE' });
    standIn.reset();
    expect(standIn.channels.has(id)).toBe(false);
  });

  it('answers users.info and conversations.info', async () => {
    const web = client(standIn);
    const user = await web.users.info({ user: 'U0USER' });
    expect(user.user).toMatchObject({ id: 'U0USER', is_bot: false, team_id: 'T0TEAM' });
    // A private channel the bot is not in is invisible to it, as in Slack.
    expect(await slackError(web.conversations.info({ channel: 'G0PRIVATE' }))).toBe('channel_not_found');
    standIn.channels.get('G0PRIVATE')?.members.add(standIn.botUserId);
    const info = await web.conversations.info({ channel: 'G0PRIVATE' });
    expect(info.channel).toMatchObject({
      name: 'leadership',
      is_private: true,
      is_member: true,
      is_channel: false,
    });
    const security = standIn.channels.get('C0SECURITY');
    if (security) security.isArchived = true;
    expect((await web.conversations.info({ channel: 'C0SECURITY' })).channel).toMatchObject({
      is_private: false,
      is_member: false,
      is_archived: true,
    });
    expect(await slackError(web.conversations.info({ channel: 'C0NOPE' }))).toBe('channel_not_found');
  });
});
