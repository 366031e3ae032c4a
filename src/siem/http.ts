/** One HTTP POST within the reply's byte cap and deadline (src/outgoing.ts), and what its answer means for a log shipper. */
import { CALL_LIMITS, type CallLimits, OutgoingError, send } from '../outgoing.js';
import type { SendOutcome } from './types.js';

/**
 * Standard Webhooks asks senders for a 15–30 s limit; the same suits HEC and the Logs Ingestion API. The
 * deadline covers the whole reply: one that trickles a byte a second ends here too.
 */
export const REPLY_LIMITS: CallLimits = CALL_LIMITS.siemReply;

export type Reply = { status: number; headers: Record<string, string | string[] | undefined>; text: string };

/** Posts; a network error, a reply past its deadline or its cap is a `retry` outcome (nothing known to have arrived). */
export async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  limits: CallLimits = REPLY_LIMITS,
): Promise<Reply | Extract<SendOutcome, { kind: 'retry' }>> {
  try {
    const res = await send(url, { method: 'POST', body, headers, limits });
    const text = await res.text();
    return { status: res.status, headers: Object.fromEntries(res.headers), text };
  } catch (err) {
    if (err instanceof OutgoingError)
      return { kind: 'retry', error: `reply from ${err.host}: ${err.detail}` };
    const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
    const code = e.cause?.code ?? e.code ?? e.cause?.message ?? e.message ?? 'unknown';
    return { kind: 'retry', error: `network error: ${code}` };
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
