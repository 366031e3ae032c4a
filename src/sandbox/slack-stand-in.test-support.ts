/**
 * Shared by the Slack stand-in's tests (not a test file itself, and left out of the build): the bot
 * token, a binary-tricky PNG, and a real WebClient pointed at the stand-in.
 */
import { type Logger, LogLevel, WebClient, type WebClientOptions } from '@slack/web-api';
import { expect } from 'vitest';
import { type SlackStandIn, startSlackStandIn } from './slack-stand-in.js';

export const TOKEN = 'xoxb-stand-in-test';

/** PNG signature plus bytes that look like multipart framing, to prove the parser is binary-safe. */
export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('\r\n--\r\n\r\n--boundary-lookalike\r\n'),
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
]);

/** A Slack SDK logger that says nothing (tests read the stand-in's records instead). */
export const silent: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

/** A stand-in that accepts only TOKEN. */
export function startTestStandIn(): Promise<SlackStandIn> {
  return startSlackStandIn({ token: TOKEN });
}

export function client(standIn: SlackStandIn, options: Partial<WebClientOptions> = {}): WebClient {
  return new WebClient(TOKEN, {
    slackApiUrl: standIn.apiUrl,
    retryConfig: { retries: 0 },
    logger: silent,
    ...options,
  });
}

/** The Slack error code of a rejected WebClient call. */
export async function slackError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const data = (error as { data?: { error?: unknown } }).data;
    return typeof data?.error === 'string' ? data.error : String(error);
  }
  throw new Error('expected the call to fail');
}

export async function postForm(
  standIn: SlackStandIn,
  method: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const res = await fetch(`${standIn.apiUrl}${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  expect(res.status).toBe(200);
  return res.json();
}
