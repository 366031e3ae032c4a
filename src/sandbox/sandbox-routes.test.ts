/**
 * The sandbox's way in: commands, messages and button presses signed and sent to the bot, and the
 * control buttons (the page and its read side are tested in page/page-routes.test.ts).
 */
import type { IncomingHttpHeaders, Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readBody } from '../http/server.js';
import { slackSignature } from '../slack/sign.js';
import type { SandboxControls } from './controls.js';
import { SANDBOX_USER } from './sandbox-routes.js';
import {
  type SandboxServer,
  SECRET,
  startSandboxServer,
  stopSandboxServer,
} from './sandbox-routes.test-support.js';
import type { SlackStandIn } from './slack-stand-in.js';

let sandbox: SandboxServer;
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
  sandbox = await startSandboxServer({
    controls,
    async botEvents(req, res) {
      received.push({ headers: req.headers, body: (await readBody(req, 1 << 20)).toString('utf8') });
      res.writeHead(botAnswer.status, { 'content-type': 'application/json' });
      res.end(botAnswer.body);
    },
  });
  ({ standIn, server, origin } = sandbox);
});

afterAll(async () => {
  await stopSandboxServer(sandbox);
});

beforeEach(() => {
  received = [];
  botAnswer = { status: 200, body: '' };
});

const post = (path: string, body: unknown) =>
  fetch(`${origin}${path}`, {
    method: 'POST',
    // As the page sends it: its own origin, a JSON body (guard.ts refuses anything else).
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify(body),
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

  it('turns a typed #channel the user can see into Slack’s channel link, as Slack’s autocomplete does', async () => {
    await post('/sandbox/command', { text: '/insights subscribe digest #general at 08:00' });
    await post('/sandbox/command', { text: '/insights subscribe drift #leadership' });
    await post('/sandbox/command', { text: '/insights subscribe drift #nope' });
    expect(received.map((r) => new URLSearchParams(r.body).get('text'))).toEqual([
      'subscribe digest <#C0GENERAL|general> at 08:00',
      // A private channel the user is not in, and one that does not exist, stay as typed.
      'subscribe drift #leadership',
      'subscribe drift #nope',
    ]);
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

  it('answers a body that is not an object 400 and one past 16 KB 413, sending nothing to the bot', async () => {
    for (const body of [null, [], 42, 'text']) {
      const res = await post('/sandbox/command', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.json()).toEqual({ ok: false, error: 'invalid_body' });
    }
    const huge = await post('/sandbox/command', { text: `/insights ${'x'.repeat(20_000)}` });
    expect(huge.status).toBe(413);
    expect(received).toEqual([]);
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
