/** The Slack stand-in's Web API basics (auth, wire formats), response URLs, waitFor and events. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SlackStandIn, StandInMessage } from './slack-stand-in.js';
import { client, postForm, startTestStandIn, TOKEN } from './slack-stand-in.test-support.js';

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

describe('Web API basics', () => {
  it('answers auth.test and records the call with its token', async () => {
    const res = await client(standIn).auth.test();
    expect(res).toMatchObject({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0TEAM' });
    expect(standIn.calls).toHaveLength(1);
    expect(standIn.calls[0]).toMatchObject({ method: 'auth.test', token: TOKEN, status: 200 });
  });

  it('rejects missing and wrong tokens, unknown methods and malformed bodies', async () => {
    expect(await postForm(standIn, 'auth.test', '')).toEqual({ ok: false, error: 'not_authed' });
    expect(await postForm(standIn, 'auth.test', 'token=xoxb-wrong')).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
    expect(await postForm(standIn, 'nope.nothing', `token=${TOKEN}`)).toEqual({
      ok: false,
      error: 'unknown_method',
    });
    expect(await postForm(standIn, 'toString', `token=${TOKEN}`)).toEqual({
      ok: false,
      error: 'unknown_method',
    });
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect(await postForm(standIn, 'chat.postMessage', 'channel=C0GENERAL&blocks=%5B%7B', auth)).toEqual({
      ok: false,
      error: 'invalid_blocks_format',
    });
    expect(
      await postForm(standIn, 'chat.postMessage', '{"channel":', {
        ...auth,
        'content-type': 'application/json',
      }),
    ).toEqual({ ok: false, error: 'invalid_arguments' });
    const multipart = await postForm(standIn, 'chat.postMessage', '--x\r\nbroken', {
      ...auth,
      'content-type': 'multipart/form-data; boundary=x',
    });
    expect(multipart).toEqual({ ok: false, error: 'invalid_arguments' });
    expect(standIn.calls.map((c) => c.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
  });

  it('caps body sizes', async () => {
    const res = await fetch(`${standIn.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: `channel=C0GENERAL&text=${'x'.repeat(2 * 1024 * 1024)}`,
    });
    expect(res.status).toBe(413);
    expect(standIn.calls[0]).toMatchObject({ method: 'chat.postMessage', status: 413 });
  });

  it('accepts JSON bodies', async () => {
    const res = await postForm(
      standIn,
      'chat.postMessage',
      JSON.stringify({ channel: 'C0GENERAL', text: 'json' }),
      {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json; charset=utf-8',
      },
    );
    expect(res).toMatchObject({ ok: true, channel: 'C0GENERAL' });
    expect(standIn.history('C0GENERAL').map((m) => m.text)).toEqual(['json']);
  });
});

describe('response_url', () => {
  async function respond(url: string, body: unknown): Promise<Response> {
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  it('records ephemeral and in-channel responses, replaces and deletes', async () => {
    const url = standIn.responseUrl('C0SECURITY', 'U0USER');
    const first = await respond(url, { text: 'Working on it…' });
    expect(first.status).toBe(200);
    expect(await first.text()).toBe('ok');
    expect(standIn.history('C0SECURITY')).toHaveLength(0);
    expect(standIn.history('C0SECURITY', 'U0USER')).toMatchObject([
      { text: 'Working on it…', ephemeralTo: 'U0USER' },
    ]);

    await respond(url, { text: 'Done', replace_original: true });
    expect(standIn.history('C0SECURITY', 'U0USER')).toMatchObject([{ text: 'Done', replaceCount: 1 }]);

    await respond(url, { delete_original: true });
    expect(standIn.history('C0SECURITY', 'U0USER')).toHaveLength(0);

    await respond(url, { text: 'Shared', response_type: 'in_channel' });
    expect(standIn.history('C0SECURITY')).toMatchObject([{ text: 'Shared', viaResponseUrl: true }]);
    expect(standIn.calls.map((c) => c.method)).toEqual(Array(4).fill('response_url'));
  });

  it('replaces the message an action came from', async () => {
    const posted = await client(standIn).chat.postMessage({
      channel: 'C0GENERAL',
      text: 'Alert',
      blocks: [],
    });
    const url = standIn.responseUrl('C0GENERAL', 'U0USER', posted.ts);
    await respond(url, { replace_original: true, text: 'Acknowledged', blocks: [{ type: 'divider' }] });
    expect(standIn.history('C0GENERAL')).toMatchObject([
      { ts: posted.ts, text: 'Acknowledged', replaceCount: 1 },
    ]);
  });

  it('answers 404 for unknown ids and 400 for bad payloads', async () => {
    expect((await respond(`${standIn.url}/response/nope`, { text: 'x' })).status).toBe(404);
    const url = standIn.responseUrl('C0GENERAL', 'U0USER');
    expect((await fetch(url, { method: 'POST', body: '{not json' })).status).toBe(400);
    expect((await respond(url, {})).status).toBe(400);
  });
});

describe('waitFor and events', () => {
  it('resolves on a later message and emits message events', async () => {
    const seen: StandInMessage[] = [];
    const off = standIn.on('message', (m) => seen.push(m));
    const waiting = standIn.waitFor((s) => s.history('C0GENERAL').find((m) => m.text === 'later'));
    await client(standIn).chat.postMessage({ channel: 'C0GENERAL', text: 'later' });
    await expect(waiting).resolves.toMatchObject({ text: 'later', channel: 'C0GENERAL' });
    off();
    await client(standIn).chat.postMessage({ channel: 'C0GENERAL', text: 'unseen' });
    expect(seen.map((m) => m.text)).toEqual(['later']);
  });

  it('resolves at once when the state already matches', async () => {
    await expect(standIn.waitFor((s) => s.channels.get('C0GENERAL'))).resolves.toMatchObject({
      name: 'general',
    });
  });

  it('rejects on timeout and lists recent calls', async () => {
    await client(standIn).auth.test();
    await expect(standIn.waitFor(() => false, 50)).rejects.toThrow(/timed out after 50 ms.*auth\.test 200/);
  });
});
