import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logProcessFailures } from '../src/cli/serve.js';
import { createLogger } from '../src/logger.js';
import { signedHeaders, signedJsonHeaders } from '../src/slack/sign.js';
import { type Harness, LogSink, SIGNING_SECRET, startHarness } from './support/bot-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const post = (body: string, headers: Record<string, string>) =>
  fetch(`http://127.0.0.1:${h.bot.port}/slack/events`, { method: 'POST', headers, body });

describe('POST /slack/events bodies that are not an object', () => {
  it('answers a signed JSON null, array or number with 400, and keeps serving', async () => {
    for (const body of ['null', '[]', '42', '"text"']) {
      const res = await post(body, signedJsonHeaders(SIGNING_SECRET, body));
      expect(res.status, body).toBe(400);
      expect(await res.json()).toEqual({ ok: false, error: 'invalid_body' });
    }
    // One warning for the four: junk (signed or not) cannot flood the log.
    expect(h.logs.lines.filter((l) => l.includes('body is not an object'))).toHaveLength(1);
    const health = await fetch(`http://127.0.0.1:${h.bot.port}/healthz`);
    expect(health.status).toBe(200);
    expect((await h.command('help')).status).toBe(200);
  });

  it('answers a signed form body whose payload is null with 400, and keeps serving', async () => {
    for (const body of ['payload=null', 'payload=%5B%5D', 'payload=true']) {
      const res = await post(body, signedHeaders(SIGNING_SECRET, body));
      expect(res.status, body).toBe(400);
    }
    expect((await h.command('help')).status).toBe(200);
  });

  it('still lets Slack’s own shapes through: ssl_check, url_verification, a signed interaction', async () => {
    const ssl = 'ssl_check=1&token=x';
    expect((await post(ssl, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(200);
    const challenge = JSON.stringify({ type: 'url_verification', challenge: 'abc', token: 'x' });
    const verified = await post(challenge, signedJsonHeaders(SIGNING_SECRET, challenge));
    expect(await verified.json()).toEqual({ challenge: 'abc' });
    // An unsigned object still meets Bolt's signature check.
    const unsigned = await post('{}', { 'content-type': 'application/json' });
    expect(unsigned.status).toBe(401);
  });
});

describe('logProcessFailures', () => {
  it('logs an unhandled rejection and keeps running; logs an uncaught exception, then exits 1', () => {
    const sink = new LogSink();
    const proc = new EventEmitter();
    const exits: number[] = [];
    logProcessFailures(createLogger({ destination: sink }), proc, (code) => exits.push(code));
    proc.emit('unhandledRejection', new TypeError("Cannot read properties of null (reading 'ssl_check')"));
    expect(exits).toEqual([]);
    expect(sink.lines.at(-1)).toContain('unhandled promise rejection');
    expect(sink.lines.at(-1)).toContain('ssl_check');
    proc.emit('uncaughtException', new Error('boom'));
    expect(exits).toEqual([1]);
    expect(sink.lines.at(-1)).toContain('uncaught exception');
  });
});
