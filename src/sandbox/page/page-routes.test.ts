/**
 * The sandbox page's read side through the sandbox routes: the page and its assets, its state, the
 * stand-in's files on the bot's origin, and the live event stream.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_USER } from '../sandbox-routes.js';
import {
  type SandboxServer,
  startSandboxServer,
  stopSandboxServer,
  TOKEN,
} from '../sandbox-routes.test-support.js';
import type { SlackStandIn } from '../slack-stand-in.js';
import type { PageState } from './page-types.js';

let sandbox: SandboxServer;
let standIn: SlackStandIn;
let server: Server;
let origin: string;

/** Controls and a bot that the page's read side never calls. */
const unused = async () => {
  throw new Error('not used by the page tests');
};

beforeAll(async () => {
  sandbox = await startSandboxServer({
    controls: { runDigest: unused, advanceDataDay: unused, importSampleCompliance: unused },
    async botEvents(_req, res) {
      res.writeHead(500).end();
    },
  });
  ({ standIn, server, origin } = sandbox);
});

afterAll(async () => {
  await stopSandboxServer(sandbox);
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

  it('serves every module the page script imports, under /sandbox/browser/', async () => {
    const seen = new Set<string>();
    const pending = [`${origin}/sandbox/page.js`];
    for (let url = pending.pop(); url !== undefined; url = pending.pop()) {
      if (seen.has(url)) continue;
      seen.add(url);
      const res = await fetch(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      for (const [, path] of (await res.text()).matchAll(/^import .* from '(\.[^']+)';$/gm)) {
        pending.push(new URL(path ?? '', url).href);
      }
    }
    expect([...seen].map((u) => new URL(u).pathname).sort()).toEqual([
      '/sandbox/browser/app-state.js',
      '/sandbox/browser/channel-view.js',
      '/sandbox/browser/dom.js',
      '/sandbox/browser/home-view.js',
      '/sandbox/browser/page-app.js',
      '/sandbox/browser/sidebar.js',
      '/sandbox/page.js',
    ]);
    expect((await fetch(`${origin}/sandbox/browser/nope.js`)).status).toBe(404);
    expect((await fetch(`${origin}/sandbox/browser/..%2Fpage-routes.ts`)).status).toBe(404);
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
