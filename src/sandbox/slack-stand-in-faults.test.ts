/** The Slack stand-in's queued failures and hangs, as the real WebClient meets them. */
import { ErrorCode, WebClientEvent } from '@slack/web-api';
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

describe('failures', () => {
  it('lets the client retry after a queued 429', async () => {
    standIn.failNext('chat.postMessage', { status: 429, retryAfter: 0 });
    const web = client(standIn, { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    const limited: number[] = [];
    web.on(WebClientEvent.RATE_LIMITED, (seconds: number) => limited.push(seconds));
    const res = await web.chat.postMessage({ channel: 'C0GENERAL', text: 'after 429' });
    expect(res.ok).toBe(true);
    expect(limited).toEqual([0]);
    expect(standIn.calls.map((c) => [c.method, c.status])).toEqual([
      ['chat.postMessage', 429],
      ['chat.postMessage', 200],
    ]);
    expect(standIn.calls[0]?.response).toEqual({ ok: false, error: 'ratelimited' });
    expect(standIn.history('C0GENERAL')).toHaveLength(1);
  });

  it('answers a queued 500 and a queued Slack error once each', async () => {
    const web = client(standIn);
    standIn.failNext('chat.postMessage', { status: 500 });
    standIn.failNext('chat.postMessage', { error: 'internal_error' });
    await expect(web.chat.postMessage({ channel: 'C0GENERAL', text: 'a' })).rejects.toMatchObject({
      code: ErrorCode.HTTPError,
      statusCode: 500,
    });
    expect(await slackError(web.chat.postMessage({ channel: 'C0GENERAL', text: 'b' }))).toBe(
      'internal_error',
    );
    await expect(web.chat.postMessage({ channel: 'C0GENERAL', text: 'c' })).resolves.toMatchObject({
      ok: true,
    });
    expect(standIn.calls.map((c) => c.status)).toEqual([500, 200, 200]);
    expect(standIn.history('C0GENERAL').map((m) => m.text)).toEqual(['c']);
  });
});
