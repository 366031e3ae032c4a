import { connect, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_LIMITS } from '../src/http/server.js';
import { type Harness, startHarness } from './support/bot-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** A client that starts a request and never finishes its headers; resolves with what it got when closed. */
function slowHeaders(port: number): { socket: Socket; closed: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (d) => {
    received += d.toString('latin1');
  });
  socket.on('error', () => undefined);
  socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
  return { socket, closed: new Promise((resolve) => socket.on('close', () => resolve(received))) };
}

describe('the HTTP server’s limits', () => {
  it('closes four slow-header connections (408) while /healthz keeps answering', async () => {
    expect(SERVER_LIMITS.headersTimeoutMs).toBeLessThanOrEqual(10_000);
    const clients = Array.from({ length: 4 }, () => slowHeaders(h.bot.port));
    let done = false;
    const all = Promise.all(clients.map((c) => c.closed)).finally(() => {
      done = true;
    });
    let answered = 0;
    while (!done) {
      const res = await fetch(`http://127.0.0.1:${h.bot.port}/healthz`);
      expect(res.status).toBe(200);
      answered++;
      await Promise.race([all, delay(500)]);
    }
    const replies = await all;
    for (const reply of replies) expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(answered).toBeGreaterThan(5);
    for (const c of clients) expect(c.socket.destroyed).toBe(true);
  }, 20_000);
});
