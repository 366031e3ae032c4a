/**
 * Slack's answers are read within a byte cap too (src/slack/slack-fetch.ts): a Web API answer far past it,
 * and an upload URL that answers with a flood, fail with a sentence instead of being read whole — through
 * the real @slack/web-api client, as the delivery queue and the uploads build it, over loopback.
 */
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_CLIENT_OPTIONS } from '../src/slack/delivery-transport.js';
import { uploadToChannel } from '../src/slack/upload-to-channel.js';

const MB = 1024 * 1024;
/** How much each flood would send: far past the 20 MB cap. */
const FLOOD_BYTES = 200 * MB;

let server: Server;
let base: string;
/** Bytes each flood actually wrote before the client hung up. */
const written: number[] = [];

/** Writes `{"ok":true,"pad":"xxxx…` with no Content-Length until FLOOD_BYTES or the client goes. */
function flood(res: import('node:http').ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  const chunk = Buffer.alloc(256 * 1024, 'x');
  let sent = 0;
  res.write('{"ok":true,"pad":"');
  const more = () => {
    while (sent < FLOOD_BYTES && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', more);
    }
    res.end('"}');
  };
  res.on('close', () => written.push(sent));
  more();
}

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const json = (body: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/api/auth.test') return json({ ok: true, user_id: 'U0BOT', team_id: 'T0' });
      if (req.url === '/api/chat.postMessage') return flood(res);
      if (req.url === '/api/files.getUploadURLExternal')
        return json({ ok: true, upload_url: `${base}/upload/F0FLOOD`, file_id: 'F0FLOOD' });
      if (req.url === '/upload/F0FLOOD') return flood(res);
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const client = () => new WebClient('xoxb-test', { ...DELIVERY_CLIENT_OPTIONS, slackApiUrl: `${base}/api/` });

describe('Slack answers past the cap', () => {
  it('reads an ordinary answer as before', async () => {
    expect(await client().auth.test()).toMatchObject({ ok: true, user_id: 'U0BOT' });
  });

  it('stops reading a Web API answer at 20 MB with a sentence that says so', async () => {
    const err = await client()
      .chat.postMessage({ channel: 'C0INSIGHTS', text: 'hello' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      kind: 'too_large',
      message: expect.stringMatching(/^127\.0\.0\.1:\d+: larger than 20 MB; stopped reading it$/),
    });
    await expect.poll(() => written.length).toBe(1);
    expect(written[0]).toBeLessThan(FLOOD_BYTES);
  });

  it('stops reading the upload URL’s answer at the cap too', async () => {
    const path = join(tmpdir(), `insights-upload-${process.pid}.csv`);
    await writeFile(path, 'a,b\n1,2\n');
    written.length = 0;
    const err = await uploadToChannel(client(), {
      channel: 'C0INSIGHTS',
      path,
      filename: 'x.csv',
      title: 'x',
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'too_large' });
    await expect.poll(() => written.length).toBe(1);
    expect(written[0]).toBeLessThan(FLOOD_BYTES);
  });
});
