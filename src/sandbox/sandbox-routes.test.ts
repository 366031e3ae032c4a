import type { IncomingHttpHeaders, Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpServer, listen, readBody } from '../http/server.js';
import { createLogger } from '../logger.js';
import { slackSignature } from '../slack/sign.js';
import type { SandboxControls } from './controls.js';
import type { PageState } from './page/page-state.js';
import { SANDBOX_USER, sandboxRoutes } from './sandbox-routes.js';
import { type SlackStandIn, startSlackStandIn } from './slack-stand-in.js';

const SECRET = 'sandbox-routes-test-secret';
const TOKEN = 'xoxb-routes-test';

let standIn: SlackStandIn;
let server: Server;
let origin: string;
/** What the stand-in for the bot's `/slack/events` received, and what it answers. */
let received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
let botAnswer: { status: number; body: string } = { status: 200, body: '' };
let running = 0;
let overlapped = false;
/** The digest control holds until the test releases it, so a second request can arrive meanwhile. */
let digestStarted: () => void = () => {};
let releaseDigest: () => void = () => {};
const digestGate = new Promise<void>((resolve) => {
  releaseDigest = resolve;
});

const controls: SandboxControls = {
  async runDigest() {
    running += 1;
    if (running > 1) overlapped = true;
    digestStarted();
    await digestGate;
    running -= 1;
    return 'Sent the digest for 2026-11-20 to <#C0GENERAL>.';
  },
  async advanceDataDay() {
    return 'It is now 2026-11-22 09:00 UTC in the sandbox.';
  },
  async importSampleCompliance() {
    throw new Error('no members to report on');
  },
};

beforeAll(async () => {
  standIn = await startSlackStandIn({ token: TOKEN });
  server = createHttpServer(
    [
      {
        method: 'POST',
        path: '/slack/events',
        async handler(req, res) {
          received.push({ headers: req.headers, body: (await readBody(req, 1 << 20)).toString('utf8') });
          res.writeHead(botAnswer.status, { 'content-type': 'application/json' });
          res.end(botAnswer.body);
        },
      },
      ...sandboxRoutes({ standIn, signingSecret: SECRET, botUrl: () => origin, controls }),
    ],
    createLogger({ level: 'silent' }),
  );
  origin = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await standIn.close();
});

beforeEach(() => {
  received = [];
  botAnswer = { status: 200, body: '' };
});

const post = (path: string, body: unknown) =>
  fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const state = async () => (await (await fetch(`${origin}/sandbox/state`)).json()) as PageState;

/** A Web API call to the stand-in, as the bot makes it. */
const api = (method: string, args: Record<string, string>) =>
  fetch(`${standIn.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}` },
    body: new URLSearchParams(args),
  }).then((r) => r.json() as Promise<Record<string, unknown>>);

/** Uploads a file to a channel through the stand-in's Web API, as the bot does. */
async function upload(channel: string, filename: string, bytes: Buffer): Promise<string> {
  const got = await api('files.getUploadURLExternal', { filename, length: String(bytes.length) });
  await fetch(String(got.upload_url), { method: 'POST', body: bytes });
  const done = await api('files.completeUploadExternal', {
    files: JSON.stringify([{ id: got.file_id, title: filename }]),
    channel_id: channel,
  });
  expect(done.ok).toBe(true);
  return String(got.file_id);
}

describe('the sandbox page and its assets', () => {
  it('serves the page at / and /sandbox, with its script and styles, under a strict CSP', async () => {
    for (const path of ['/', '/sandbox']) {
      const res = await fetch(`${origin}${path}`);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await res.text();
      expect(html).toContain('<script type="module" src="/sandbox/page.js"></script>');
      expect(html).toContain('<nav id="sidebar"');
      expect(html).toContain('<form id="composer"');
    }
    const js = await fetch(`${origin}/sandbox/page.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toContain('const sandboxRenderer = ');
    const css = await fetch(`${origin}/sandbox/page.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toContain('@media (max-width: 700px)');
  });
});

describe('GET /sandbox/state', () => {
  it('lists the public channels and the DM, not a private channel, and the sandbox user is a member', async () => {
    const s = await state();
    expect(s.user).toBe(SANDBOX_USER);
    expect(s.channels.map((c) => [c.id, c.kind, c.label])).toEqual([
      ['C0GENERAL', 'channel', 'general'],
      ['C0INSIGHTS', 'channel', 'docker-insights'],
      ['C0SECURITY', 'channel', 'security'],
      ['D0DM', 'dm', 'Insights Bot'],
    ]);
    for (const id of ['C0GENERAL', 'C0INSIGHTS', 'C0SECURITY', 'D0DM']) {
      expect(standIn.channels.get(id)?.members.has(SANDBOX_USER)).toBe(true);
    }
    expect(standIn.channels.get('G0PRIVATE')?.members.has(SANDBOX_USER)).toBe(false);
    // D0DM is the sandbox user's DM with the bot.
    expect(standIn.channels.get('D0DM')).toMatchObject({ isIm: true, imUser: SANDBOX_USER });
    // Bot membership is as it was.
    expect(standIn.channels.get('C0SECURITY')?.members.has(standIn.botUserId)).toBe(false);
    expect(standIn.channels.get('C0INSIGHTS')?.members.has(standIn.botUserId)).toBe(true);
  });

  it('shows what the sandbox user may see: not private channels, not others’ ephemeral messages', async () => {
    standIn.reset();
    expect(standIn.channels.get('C0GENERAL')?.members.has(SANDBOX_USER)).toBe(true); // survives reset
    standIn.addMessage({ channel: 'C0GENERAL', user: 'U0USER', text: 'hello' });
    standIn.addMessage({
      channel: 'C0GENERAL',
      user: standIn.botUserId,
      botId: 'B0BOT',
      text: 'yours',
      ephemeralTo: SANDBOX_USER,
    });
    standIn.addMessage({
      channel: 'C0GENERAL',
      user: standIn.botUserId,
      text: 'theirs',
      ephemeralTo: 'U0OTHER',
    });
    standIn.addMessage({ channel: 'G0PRIVATE', user: 'U0USER', text: 'secret' });
    const s = await state();
    expect(s.messages.map((m) => [m.text, m.ephemeral, m.isBot])).toEqual([
      ['hello', false, false],
      ['yours', true, true],
    ]);
  });
});

describe('GET /sandbox/files/<id>/<name>', () => {
  it('serves uploaded files on the bot’s origin; the page gets same-origin URLs', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    const pngId = await upload('C0INSIGHTS', 'chart.png', png);
    const csvId = await upload('C0INSIGHTS', 'users "1".csv', Buffer.from('a,b\n1,2\n'));
    const htmlId = await upload('C0INSIGHTS', 'page.html', Buffer.from('<script>alert(1)</script>'));

    const image = await fetch(`${origin}/sandbox/files/${pngId}/chart.png`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer())).toEqual(png);

    const csv = await fetch(`${origin}/sandbox/files/${csvId}/whatever`);
    expect(await csv.text()).toBe('a,b\n1,2\n');
    expect(csv.headers.get('content-disposition')).toBe(
      `inline; filename="users _1_.csv"; filename*=UTF-8''users%20%221%22.csv`,
    );
    const html = await fetch(`${origin}/sandbox/files/${htmlId}/page.html`);
    expect(html.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(html.headers.get('content-security-policy')).toContain('sandbox');
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${origin}/sandbox/files/F0NOPE/x.png`)).status).toBe(404);

    const files = (await state()).messages.flatMap((m) => m.files);
    expect(files.find((f) => f.id === csvId)).toEqual({
      id: csvId,
      name: 'users "1".csv',
      title: 'users "1".csv',
      mimetype: 'text/csv',
      url: `/sandbox/files/${csvId}/users%20%221%22.csv`,
    });
  });

  it('points image blocks with a slack_file at the same-origin URL', async () => {
    const id = await upload('C0INSIGHTS', 'digest.png', Buffer.from('89504e47', 'hex'));
    standIn.addMessage({
      channel: 'C0INSIGHTS',
      user: standIn.botUserId,
      blocks: [
        { type: 'image', slack_file: { id }, alt_text: 'by id' },
        { type: 'image', slack_file: { url: `${standIn.url}/files/${id}/digest.png` }, alt_text: 'by url' },
      ],
    });
    const last = (await state()).messages.at(-1);
    expect(last?.blocks).toEqual([
      { type: 'image', slack_file: { id, url: `/sandbox/files/${id}/digest.png` }, alt_text: 'by id' },
      { type: 'image', slack_file: { id, url: `/sandbox/files/${id}/digest.png` }, alt_text: 'by url' },
    ]);
  });
});

describe('POST /sandbox/command', () => {
  it('signs the command like Slack and sends it to the bot as the sandbox user', async () => {
    const res = await post('/sandbox/command', { channel: 'C0GENERAL', text: '/insights containers 1w' });
    expect(await res.json()).toEqual({ ok: true, ack: null });
    const [call] = received;
    const form = new URLSearchParams(call?.body);
    expect(form.get('text')).toBe('containers 1w');
    expect(form.get('user_id')).toBe(SANDBOX_USER);
    expect(form.get('channel_id')).toBe('C0GENERAL');
    expect(form.get('response_url')).toMatch(new RegExp(`^${standIn.url}/response/`));
    const timestamp = Number(call?.headers['x-slack-request-timestamp']);
    expect(call?.headers['x-slack-signature']).toBe(slackSignature(SECRET, timestamp, call?.body ?? ''));
  });

  it('shows an answer carried by the acknowledgement as an ephemeral message', async () => {
    botAnswer = {
      status: 200,
      body: JSON.stringify({ response_type: 'ephemeral', text: 'Unknown chart "nope".' }),
    };
    const res = await post('/sandbox/command', { channel: 'C0GENERAL', text: '/insights nope' });
    expect(await res.json()).toMatchObject({ ok: true, ack: { text: 'Unknown chart "nope".' } });
    const shown = standIn.history('C0GENERAL', SANDBOX_USER).at(-1);
    expect(shown).toMatchObject({
      text: 'Unknown chart "nope".',
      ephemeralTo: SANDBOX_USER,
      user: standIn.botUserId,
    });
  });

  it('reports a failing bot the way Slack does, and refuses other commands', async () => {
    botAnswer = { status: 500, body: '' };
    const res = await post('/sandbox/command', { channel: 'C0GENERAL', text: '/insights help' });
    expect(res.status).toBe(502);
    expect(standIn.history('C0GENERAL', SANDBOX_USER).at(-1)).toMatchObject({
      user: 'USLACKBOT',
      text: '/insights failed with the error "http_500"',
      ephemeralTo: SANDBOX_USER,
    });
    const other = await post('/sandbox/command', { channel: 'C0GENERAL', text: '/giphy cats' });
    expect(other.status).toBe(400);
    expect(await other.json()).toEqual({ ok: false, error: 'unknown_command' });
    const missing = await post('/sandbox/command', { channel: 'C0NOPE', text: '/insights help' });
    expect(missing.status).toBe(404);
    expect(received).toHaveLength(1);
  });
});

describe('POST /sandbox/message', () => {
  it('posts what the user typed, escaped as Slack does, in channels the user can see', async () => {
    const res = await post('/sandbox/message', { channel: 'C0GENERAL', text: ' a <b> & c ' });
    const { ts } = (await res.json()) as { ts: string };
    expect(standIn.messages.find((m) => m.ts === ts)).toMatchObject({
      channel: 'C0GENERAL',
      user: SANDBOX_USER,
      text: 'a &lt;b&gt; &amp; c',
    });
    expect((await post('/sandbox/message', { channel: 'G0PRIVATE', text: 'x' })).status).toBe(404);
    expect((await post('/sandbox/message', { channel: 'C0GENERAL', text: '  ' })).status).toBe(400);
  });
});

describe('POST /sandbox/action', () => {
  it('sends a signed block_actions payload with the value from the message and a response_url', async () => {
    const alert = standIn.addMessage({
      channel: 'C0SECURITY',
      user: standIn.botUserId,
      botId: standIn.botId,
      text: '1 new drift alert',
      blocks: [
        {
          type: 'actions',
          block_id: 'alert:0',
          elements: [
            {
              type: 'button',
              action_id: 'alert_silence_1d',
              value: 'drift:bob',
              text: { type: 'plain_text', text: 'Silence 1 day' },
            },
          ],
        },
      ],
    });
    const res = await post('/sandbox/action', {
      channel: 'C0SECURITY',
      ts: alert.ts,
      actionId: 'alert_silence_1d',
      blockId: 'alert:0',
      value: 'forged',
    });
    expect(await res.json()).toEqual({ ok: true, ack: null });
    const [call] = received;
    const timestamp = Number(call?.headers['x-slack-request-timestamp']);
    expect(call?.headers['x-slack-signature']).toBe(slackSignature(SECRET, timestamp, call?.body ?? ''));
    const payload = JSON.parse(new URLSearchParams(call?.body).get('payload') ?? '{}');
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: SANDBOX_USER },
      container: { type: 'message', message_ts: alert.ts, channel_id: 'C0SECURITY' },
      channel: { id: 'C0SECURITY' },
      message: { ts: alert.ts, text: '1 new drift alert', blocks: alert.blocks },
      actions: [{ action_id: 'alert_silence_1d', block_id: 'alert:0', value: 'drift:bob' }],
    });
    // The response_url acts on this message.
    const replaced = await fetch(payload.response_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ replace_original: true, text: 'Silenced until tomorrow' }),
    });
    expect(replaced.status).toBe(200);
    expect(alert).toMatchObject({ text: 'Silenced until tomorrow', replaceCount: 1 });
  });

  it('refuses buttons that are not in the message, and messages the user cannot see', async () => {
    const theirs = standIn.addMessage({
      channel: 'C0GENERAL',
      user: standIn.botUserId,
      ephemeralTo: 'U0OTHER',
      blocks: [
        { type: 'actions', block_id: 'b', elements: [{ type: 'button', action_id: 'go', value: '1' }] },
      ],
    });
    const other = await post('/sandbox/action', {
      channel: 'C0GENERAL',
      ts: theirs.ts,
      actionId: 'go',
      blockId: 'b',
    });
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ ok: false, error: 'message_not_found' });
    const mine = standIn.addMessage({ channel: 'C0GENERAL', user: standIn.botUserId, text: 'no buttons' });
    const none = await post('/sandbox/action', { channel: 'C0GENERAL', ts: mine.ts, actionId: 'go' });
    expect(await none.json()).toEqual({ ok: false, error: 'action_not_found' });
    expect(received).toEqual([]);
  });
});

describe('POST /sandbox/controls/<name>', () => {
  it('runs the control and answers its sentence; one control at a time', async () => {
    const started = new Promise<void>((resolve) => {
      digestStarted = resolve;
    });
    let arrived = 0;
    let onRequest = () => {};
    const bothArrived = new Promise<void>((resolve) => {
      onRequest = () => {
        arrived += 1;
        if (arrived === 2) resolve();
      };
      server.on('request', onRequest);
    });
    const answers = Promise.all([
      post('/sandbox/controls/run-digest', {}),
      post('/sandbox/controls/run-digest', {}),
    ]);
    // The first control is running and both requests are in: let the second handler go as far as it
    // can (a few turns of the event loop) before the first is allowed to finish.
    await Promise.all([started, bothArrived]);
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    releaseDigest();
    const [a, b] = await answers;
    server.off('request', onRequest);
    expect(await a.json()).toEqual({ ok: true, text: 'Sent the digest for 2026-11-20 to <#C0GENERAL>.' });
    expect((await b.json()) as unknown).toMatchObject({ ok: true });
    expect(overlapped).toBe(false);
    const advance = await post('/sandbox/controls/advance-data-day', {});
    expect(await advance.json()).toEqual({
      ok: true,
      text: 'It is now 2026-11-22 09:00 UTC in the sandbox.',
    });
  });

  it('reports a failing control and an unknown one', async () => {
    const failed = await post('/sandbox/controls/import-sample-compliance', {});
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({
      ok: false,
      error: 'control_failed',
      text: 'no members to report on',
    });
    const unknown = await post('/sandbox/controls/reset-everything', {});
    expect(unknown.status).toBe(404);
  });
});

describe('GET /sandbox/events', () => {
  it('streams the state, then new and changed messages and deletions, and ends when the server closes', async () => {
    standIn.reset();
    const res = await fetch(`${origin}/sandbox/events`);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    if (!res.body) throw new Error('no body');
    const reader = res.body.getReader();
    let buffer = '';
    const decoder = new TextDecoder();
    /** The next `event:` with its JSON data. */
    async function next(): Promise<{ event: string; data: unknown }> {
      for (;;) {
        const match = /event: (\S+)\ndata: (.*)\n\n/.exec(buffer);
        if (match) {
          buffer = buffer.slice((match.index ?? 0) + match[0].length);
          return { event: match[1] ?? '', data: JSON.parse(match[2] ?? 'null') };
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    }
    const first = await next();
    expect(first.event).toBe('state');
    expect((first.data as PageState).messages).toEqual([]);

    const m = standIn.addMessage({
      channel: 'C0INSIGHTS',
      user: standIn.botUserId,
      botId: 'B0BOT',
      text: 'chart',
    });
    standIn.addMessage({ channel: 'G0PRIVATE', user: 'U0USER', text: 'not for the page' });
    standIn.addMessage({
      channel: 'C0INSIGHTS',
      user: standIn.botUserId,
      text: 'psst',
      ephemeralTo: 'U0OTHER',
    });
    expect(await next()).toEqual({
      event: 'upsert',
      data: expect.objectContaining({ ts: m.ts, text: 'chart', edited: false }),
    });

    // What the bot sends the sandbox user directly lands in D0DM.
    await api('chat.postMessage', { channel: SANDBOX_USER, text: 'hi there' });
    expect(await next()).toMatchObject({ event: 'upsert', data: { channel: 'D0DM', text: 'hi there' } });
    // A group DM with the sandbox user appears in the sidebar with its first message.
    const group = (await api('conversations.open', { users: `${SANDBOX_USER},U0USER` })) as {
      channel: { id: string };
    };
    await api('chat.postMessage', { channel: group.channel.id, text: 'hi both' });
    const channels = await next();
    expect(channels.event).toBe('channels');
    expect(channels.data).toContainEqual(expect.objectContaining({ id: group.channel.id, kind: 'dm' }));
    expect(await next()).toMatchObject({
      event: 'upsert',
      data: { channel: group.channel.id, text: 'hi both' },
    });

    await api('chat.update', { channel: 'C0INSIGHTS', ts: m.ts, text: 'chart v2' });
    expect(await next()).toMatchObject({
      event: 'upsert',
      data: { ts: m.ts, text: 'chart v2', edited: true },
    });
    await api('chat.delete', { channel: 'C0INSIGHTS', ts: m.ts });
    expect(await next()).toEqual({ event: 'remove', data: { channel: 'C0INSIGHTS', ts: m.ts } });

    // An open page does not hold up shutdown.
    const started = Date.now();
    const closed = new Promise((resolve) => server.close(resolve));
    await expect(next()).rejects.toThrow('stream ended');
    await closed;
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
