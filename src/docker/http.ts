import type { Readable } from 'node:stream';
import type { z } from 'zod';
import {
  CALL_LIMITS,
  type CallLimits,
  createSender,
  type FetchLike,
  OutgoingError,
  type OutgoingRequest,
  type OutgoingResponse,
} from '../outgoing.js';
import {
  codeForStatus,
  type DockerErrorCode,
  dockerError,
  type ErrorHints,
  upstreamDetail,
} from './errors.js';

export type { FetchLike } from '../outgoing.js';

/** The kinds of Docker call, each with its byte cap and whole-call deadline (src/outgoing.ts). */
export type CallKind = 'dockerJson' | 'scoutMetrics' | 'report';

/** Every side effect is injectable; the defaults are the production ones. */
export interface HttpOptions {
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Upper bound on the time one call may spend waiting and retrying. */
  retryBudgetMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxAttempts?: number;
  /** Per kind of call, its cap and deadline instead of CALL_LIMITS' (tests make them small). */
  limits?: Partial<Record<CallKind, CallLimits>>;
  userAgent?: string;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** 'manual' returns a 3xx response instead of following it (pre-signed download, §2.3). */
  redirect?: 'follow' | 'manual';
  hints?: ErrorHints;
  /** What the call is, for its limits; JSON calls are `dockerJson`. */
  kind?: CallKind;
  /** A tighter byte cap than the kind's (a report whose size the list gave). */
  maxBytes?: number;
}

/**
 * A successful answer (2xx, or 3xx with `redirect: 'manual'`) with its body unread. Reading it past its cap
 * or its deadline fails with a DockerApiError naming the host and endpoint.
 */
export interface DockerResponse {
  readonly status: number;
  readonly headers: Headers;
  text(): Promise<string>;
  stream(): Readable;
  discard(): Promise<void>;
}

export interface Http {
  getJson<S extends z.ZodType>(url: string | URL, schema: S, options?: RequestOptions): Promise<z.output<S>>;
  postJson<S extends z.ZodType>(
    url: string | URL,
    body: unknown,
    schema: S,
    options?: RequestOptions,
  ): Promise<z.output<S>>;
  get(url: string | URL, options: RequestOptions & { kind: CallKind }): Promise<DockerResponse>;
  /** DELETE; resolves on a 2xx (its body, if any, is dropped unread). */
  delete(url: string | URL, options?: RequestOptions): Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createHttp(options: HttpOptions = {}): Http {
  const sender = createSender(options.fetch);
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const budgetMs = options.retryBudgetMs ?? 60_000;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 15_000;
  const maxAttempts = options.maxAttempts ?? 10;
  const userAgent = options.userAgent ?? 'insights-bot';
  // Host → epoch ms before which the next request must not start (X-RateLimit-Remaining: 0, §3.1).
  const blockedUntil = new Map<string, number>();

  async function send(method: string, url: URL, body: string | undefined, opts: RequestOptions) {
    const host = url.host;
    const endpoint = `${method} ${url.pathname}`;
    const fail = (code: DockerErrorCode, status?: number, detail?: string, cause?: unknown) =>
      dockerError({ code, host, endpoint, status, detail, hints: opts.hints, cause });
    const start = now();
    let slept = 0;
    // An injected clock may not move while the injected sleep returns at once, so count both.
    const remaining = () => budgetMs - Math.max(now() - start, slept);
    const pause = async (ms: number) => {
      const wait = Math.max(0, Math.min(ms, remaining()));
      if (wait <= 0) return;
      slept += wait;
      await sleep(wait);
    };
    const backoff = (attempt: number) => {
      const capped = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
      return Math.round(capped / 2 + (random() * capped) / 2);
    };
    const headers: Record<string, string> = { 'user-agent': userAgent, ...opts.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const kind = opts.kind ?? 'dockerJson';
    const limits = options.limits?.[kind] ?? CALL_LIMITS[kind];
    const capped = { ...limits, maxBytes: Math.min(limits.maxBytes, opts.maxBytes ?? limits.maxBytes) };

    for (let attempt = 0; ; attempt++) {
      const until = blockedUntil.get(host);
      if (until !== undefined) {
        blockedUntil.delete(host);
        await pause(until - now());
      }
      const last = attempt + 1 >= maxAttempts;
      let res: OutgoingResponse;
      try {
        res = await sender(url.href, {
          method: method as OutgoingRequest['method'],
          headers,
          body,
          redirect: opts.redirect ?? 'follow',
          limits: capped,
        });
      } catch (err) {
        // A request fetch refuses to make (a blocked port, a bad URL) or a host that does not exist fails the
        // same way every time: retrying it for a minute only delays the answer.
        if (err instanceof OutgoingError && err.kind === 'too_large')
          throw fail('too_large', undefined, networkDetail(err), err);
        if (!recoverable(err)) throw fail('unreachable', undefined, networkDetail(err), err);
        if (last || remaining() <= 0) throw fail('unavailable', undefined, networkDetail(err), err);
        await pause(backoff(attempt));
        continue;
      }
      noteRateLimit(host, res);
      const answer = () => docker(res, host, endpoint, opts.hints);
      if (res.ok) return answer();
      if (opts.redirect === 'manual' && res.status >= 300 && res.status < 400) return answer();
      const detail = upstreamDetail(await res.text().catch(() => ''));
      const code = codeForStatus(res.status);
      if (code !== 'rate_limited' && code !== 'unavailable') throw fail(code, res.status, detail);
      if (last || remaining() <= 0) throw fail(code, res.status, detail);
      const hinted = retryAfterMs(res, now());
      // The server said when to come back: that supersedes the X-RateLimit-Reset wait.
      if (hinted !== undefined) blockedUntil.delete(host);
      await pause(hinted ?? backoff(attempt));
    }
  }

  function noteRateLimit(host: string, res: OutgoingResponse) {
    const left = res.headers.get('x-ratelimit-remaining');
    const reset = Number(res.headers.get('x-ratelimit-reset'));
    if (left === null || Number(left) > 0 || !Number.isFinite(reset) || reset <= 0) return;
    // X-RateLimit-Reset is a unix timestamp (§3.1); tolerate a seconds-from-now value too.
    blockedUntil.set(host, reset < 1e9 ? now() + reset * 1000 : reset * 1000);
  }

  async function json<S extends z.ZodType>(res: DockerResponse, url: URL, method: string, schema: S) {
    const host = url.host;
    const endpoint = `${method} ${url.pathname}`;
    const text = await res.text();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw dockerError({
        code: 'invalid_response',
        host,
        endpoint,
        status: res.status,
        detail: 'not JSON',
        cause: err,
      });
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data as z.output<S>;
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    const detail = issue ? `${where}${issue.message}` : 'schema mismatch';
    throw dockerError({ code: 'invalid_response', host, endpoint, status: res.status, detail });
  }

  const jsonOptions = (o: RequestOptions = {}): RequestOptions => ({
    ...o,
    headers: { accept: 'application/json', ...o.headers },
    kind: 'dockerJson',
  });

  return {
    async getJson(url, schema, opts) {
      const target = new URL(url);
      const res = await send('GET', target, undefined, jsonOptions(opts));
      return json(res, target, 'GET', schema);
    },
    async postJson(url, body, schema, opts) {
      const target = new URL(url);
      const res = await send('POST', target, JSON.stringify(body), jsonOptions(opts));
      return json(res, target, 'POST', schema);
    },
    get(url, opts) {
      return send('GET', new URL(url), undefined, opts);
    },
    async delete(url, opts) {
      const res = await send('DELETE', new URL(url), undefined, jsonOptions(opts));
      await res.discard();
    },
  };
}

/** `Retry-After` in seconds (or an HTTP date); the older spec's `X-Retry-After` is a unix timestamp (§3.1). */
export function retryAfterMs(res: { headers: Headers }, nowMs: number): number | undefined {
  const retryAfter = res.headers.get('retry-after');
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.max(0, at - nowMs);
  }
  const unix = Number(res.headers.get('x-retry-after') ?? Number.NaN);
  if (Number.isFinite(unix) && unix > 0) return Math.max(0, unix * 1000 - nowMs);
  return undefined;
}

/** The answer with its body errors as DockerApiErrors: past the cap `too_large`, past the deadline `unavailable`. */
function docker(res: OutgoingResponse, host: string, endpoint: string, hints?: ErrorHints): DockerResponse {
  const mapError = (err: unknown) => {
    const code: DockerErrorCode =
      err instanceof OutgoingError && err.kind === 'too_large' ? 'too_large' : 'unavailable';
    // The status was fine, the body was not: the message leaves the status out.
    return dockerError({
      code,
      host,
      endpoint,
      detail: networkDetail(err),
      hints,
      cause: err,
    });
  };
  return {
    status: res.status,
    headers: res.headers,
    text: () =>
      res.text().catch((err: unknown) => {
        throw mapError(err);
      }),
    stream: () => res.stream(mapError),
    discard: () => res.discard(),
  };
}

/** System errors that mean "no such host" rather than "not now". */
const PERMANENT_CODES = new Set(['ENOTFOUND', 'ERR_INVALID_URL', 'ERR_INVALID_ARG_TYPE']);

/**
 * Whether a failed fetch may work if tried again: a timeout, or a network error with a system code
 * (ECONNRESET, ECONNREFUSED, EAI_AGAIN, UND_ERR_…). Undici's own refusals carry no code: "bad port",
 * "unknown scheme" (the fetch spec's network errors) never change on a retry.
 */
export function recoverable(err: unknown): boolean {
  if (!(err instanceof Error)) return true;
  // Our own cut-offs: a whole-call deadline may pass next time; an answer over the cap will not.
  if (err instanceof OutgoingError) return err.kind === 'deadline';
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return true;
  const cause = err.cause instanceof Error ? (err.cause as NodeJS.ErrnoException) : undefined;
  if (!cause) return true;
  if (cause.code) return !PERMANENT_CODES.has(cause.code);
  return false;
}

function networkDetail(err: unknown): string {
  if (err instanceof OutgoingError) return err.detail;
  if (!(err instanceof Error)) return 'network error';
  const cause = err.cause instanceof Error ? (err.cause as NodeJS.ErrnoException) : undefined;
  if (err.name === 'TimeoutError') return 'timed out';
  return cause?.code ?? cause?.message ?? err.message;
}
