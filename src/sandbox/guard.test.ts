/**
 * Who may use the sandbox routes (guard.ts): this machine by its loopback names (or the configured HOST),
 * and for a POST only the page itself — its own Origin and a JSON body. Everything else gets 403 and
 * changes nothing: a cross-site form, a rebound DNS name reading the state or an exported file.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxWarnings } from './guard.js';
import { SANDBOX_CHANNEL } from './sandbox-routes.js';
import {
  type SandboxServer,
  startSandboxServer,
  stopSandboxServer,
  TOKEN,
} from './sandbox-routes.test-support.js';

let sandbox: SandboxServer;
let botCalls = 0;
let controlRuns = 0;

beforeAll(async () => {
  const run = async () => {
    controlRuns += 1;
    return 'done';
  };
  sandbox = await startSandboxServer({
    controls: { runDigest: run, advanceDataDay: run, importSampleCompliance: run },
    async botEvents(_req, res) {
      botCalls += 1;
      res.writeHead(200).end();
    },
    host: 'insights.lan',
  });
});
afterAll(async () => {
  await stopSandboxServer(sandbox);
});

/** A raw HTTP request, so the Host header is whatever a browser on a rebound name would send. */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body = '',
): Promise<{ status: number; text: string }> {
  const { port } = new URL(sandbox.origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (d) => {
        text += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const port = () => new URL(sandbox.origin).port;
const messages = () => sandbox.standIn.messages.length;
const json = { 'content-type': 'application/json' };
const message = JSON.stringify({ channel: SANDBOX_CHANNEL, text: 'hello' });

describe('the sandbox guard', () => {
  it('refuses a POST from another origin, without one, or as a form: 403/415, nothing changes', async () => {
    const host = `127.0.0.1:${port()}`;
    const before = { messages: messages(), botCalls, controlRuns };
    const refused = [
      // A cross-site form post running `export users` as the admin visitor.
      send(
        'POST',
        '/sandbox/command',
        {
          host,
          origin: 'https://evil.example',
          'content-type': 'application/x-www-form-urlencoded',
        },
        'text=export%20users',
      ),
      send('POST', '/sandbox/message', { host, origin: 'http://evil.example', ...json }, message),
      send(
        'POST',
        '/sandbox/message',
        { host, origin: `http://127.0.0.1:${Number(port()) + 1}`, ...json },
        message,
      ),
      send('POST', '/sandbox/message', { host, ...json }, message),
      send('POST', '/sandbox/controls/run-digest', { host, origin: 'null', ...json }, '{}'),
      send('POST', '/sandbox/home/open', { host, origin: 'https://evil.example', ...json }, '{}'),
    ];
    for (const res of await Promise.all(refused)) {
      expect(res.status).toBe(403);
      expect(res.text).toMatch(/forbidden_origin/);
    }
    const form = await send(
      'POST',
      '/sandbox/message',
      { host, origin: `http://${host}`, 'content-type': 'text/plain' },
      message,
    );
    expect(form.status).toBe(415);
    expect({ messages: messages(), botCalls, controlRuns }).toEqual(before);

    // The page's own request goes through.
    const ok = await send('POST', '/sandbox/message', { host, origin: `http://${host}`, ...json }, message);
    expect(ok.status).toBe(200);
    expect(messages()).toBe(before.messages + 1);
  });

  it('refuses any request whose Host is not this machine: the state, the events, an exported file', async () => {
    const res = await fetch(`${sandbox.standIn.apiUrl}files.getUploadURLExternal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: new URLSearchParams({ filename: 'users.csv', length: '3' }),
    });
    const { file_id: id, upload_url: uploadUrl } = (await res.json()) as {
      file_id: string;
      upload_url: string;
    };
    await fetch(uploadUrl, { method: 'POST', body: 'a,b' });
    // Unguessable: not the next number after the last one.
    expect(id).toMatch(/^F[0-9A-F]{20}$/);

    for (const path of [
      '/sandbox/state',
      '/sandbox/events',
      `/sandbox/files/${id}/users.csv`,
      '/',
      '/sandbox',
    ]) {
      for (const host of [
        `rebind.example:${port()}`,
        'rebind.example',
        `10.0.0.5:${port()}`,
        'localhost.evil.example',
      ]) {
        const refused = await send('GET', path, { host });
        expect(refused.status, `${path} with Host ${host}`).toBe(403);
        expect(refused.text).not.toContain('a,b');
      }
    }
    const before = messages();
    const posted = await send(
      'POST',
      '/sandbox/message',
      { host: `rebind.example:${port()}`, origin: `http://rebind.example:${port()}`, ...json },
      message,
    );
    expect(posted.status).toBe(403);
    expect(messages()).toBe(before);

    for (const host of [
      `127.0.0.1:${port()}`,
      `localhost:${port()}`,
      `[::1]:${port()}`,
      `insights.lan:${port()}`,
    ]) {
      expect((await send('GET', '/sandbox/state', { host })).status, host).toBe(200);
      expect((await send('GET', `/sandbox/files/${id}/users.csv`, { host })).text).toBe('a,b');
    }
  });
});

describe('sandboxWarnings', () => {
  it('warns when the sandbox listens beyond loopback or holds real Docker credentials', () => {
    expect(sandboxWarnings({ host: '127.0.0.1', dockerToken: false })).toEqual([]);
    expect(sandboxWarnings({ host: '::1', dockerToken: false })).toEqual([]);
    const [beyond] = sandboxWarnings({ host: '0.0.0.0', dockerToken: false });
    expect(beyond).toMatch(/^The sandbox listens on HOST=0\.0\.0\.0, beyond this machine/);
    const both = sandboxWarnings({ host: '192.168.1.20', dockerToken: true });
    expect(both).toHaveLength(2);
    expect(both[1]).toMatch(/real Docker credentials \(DOCKER_TOKEN\)/);
  });
});
