/** One HTTP POST with a time limit (undici), and what its answer means for a log shipper. */
import { request } from 'undici';
import type { SendOutcome } from './types.js';

/** Standard Webhooks asks senders for a 15–30 s limit; the same suits HEC and the Logs Ingestion API. */
const TIMEOUT_MS = 20_000;

export type Reply = { status: number; headers: Record<string, string | string[] | undefined>; text: string };

/** Posts; a network error or time-out is a `retry` outcome (nothing known to have arrived). */
export async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs = TIMEOUT_MS,
): Promise<Reply | Extract<SendOutcome, { kind: 'retry' }>> {
  try {
    const res = await request(url, {
      method: 'POST',
      body,
      headers,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, text };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return { kind: 'retry', error: `network error: ${e.code ?? e.message ?? 'unknown'}` };
  }
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from now. */
export function retryAfterMs(reply: Reply, now = Date.now()): number | undefined {
  const value = reply.headers['retry-after'];
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** Temporary by HTTP's own meaning: time-out, too many requests, server errors. */
export const isTemporary = (status: number): boolean => status === 408 || status === 429 || status >= 500;

export const snippet = (text: string): string => text.replace(/\s+/g, ' ').trim().slice(0, 200);

/** Encodes each record once: `size()` measures the very string `send()` posts. */
export function encodedOnce<R extends object>(encode: (r: R) => string): (r: R) => string {
  const cache = new WeakMap<R, string>();
  return (r) => {
    let text = cache.get(r);
    if (text === undefined) {
      text = encode(r);
      cache.set(r, text);
    }
    return text;
  };
}
