/**
 * Fault injection for the Slack stand-in: queued failures (429 with Retry-After, 5xx, `{ok:false}`) and
 * hangs, taken once each by the next matching call, and the hung responses held open until close.
 */
import type { ServerResponse } from 'node:http';
import { str } from './request-body.js';
import type { StandInFailure } from './slack-stand-in-types.js';

/** A failure to answer with, or a hang: 'before' = no effect, 'after' = handle the call, then hang. */
export type Fault = StandInFailure | { hang: 'before' | 'after' };

/** A queued fault; `channel` limits it to calls for that channel (args.channel / channel_id). */
type Queued = { fault: Fault; channel?: string };

export class StandInFaults {
  private readonly queues = new Map<string, Queued[]>();
  /** Requests accepted but never answered (hangNext); destroyed on close. */
  private readonly hung = new Set<ServerResponse>();

  failNext(method: string, failure: StandInFailure, options: { channel?: string } = {}): void {
    this.queue(method, { fault: failure, ...options });
  }

  hangNext(method: string, options: { handled?: boolean; channel?: string } = {}): void {
    const { handled, ...rest } = options;
    this.queue(method, { fault: { hang: handled ? 'after' : 'before' }, ...rest });
  }

  /** Takes the first queued fault for this call (by method, and channel when the entry names one). */
  take(method: string, args: Record<string, unknown>): Fault | undefined {
    const queue = this.queues.get(method);
    if (!queue) return undefined;
    const channel = str(args, 'channel') ?? str(args, 'channel_id');
    const index = queue.findIndex((q) => q.channel === undefined || q.channel === channel);
    const [entry] = index >= 0 ? queue.splice(index, 1) : [];
    if (queue.length === 0) this.queues.delete(method);
    return entry?.fault;
  }

  /** Keeps `res` open and unanswered until close(). */
  hold(res: ServerResponse): void {
    this.hung.add(res);
  }

  /** Drops the queued faults (hung requests stay hung). */
  clear(): void {
    this.queues.clear();
  }

  close(): void {
    for (const res of this.hung) res.destroy();
    this.hung.clear();
  }

  private queue(method: string, entry: Queued): void {
    const queue = this.queues.get(method) ?? [];
    queue.push(entry);
    this.queues.set(method, queue);
  }
}

export interface FailureAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * The HTTP answer for a queued failure. `json` is for Web API methods, where a Slack error is HTTP 200
 * `{ok:false,error}`; the upload and response URLs answer plain text (an error is HTTP 400 with its code).
 */
export function failureAnswer(failure: StandInFailure, json: boolean): FailureAnswer {
  if ('error' in failure) {
    return json
      ? { status: 200, body: { ok: false, error: failure.error } }
      : { status: 400, body: failure.error };
  }
  if (failure.status === 429) {
    return {
      status: 429,
      body: { ok: false, error: 'ratelimited' },
      headers: { 'retry-after': String(failure.retryAfter) },
    };
  }
  return { status: failure.status, body: `HTTP ${failure.status} (queued stand-in failure)` };
}
