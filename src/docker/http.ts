import type { z } from 'zod';
import {
  codeForStatus,
  type DockerErrorCode,
  dockerError,
  type ErrorHints,
  upstreamDetail,
} from './errors.js';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

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
  /** Per-attempt time limit for JSON calls (raw `get` streams a body, so it has none by default). */
  timeoutMs?: number;
  userAgent?: string;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** 'manual' returns a 3xx response instead of following it (pre-signed download, §2.3). */
  redirect?: 'follow' | 'manual';
  hints?: ErrorHints;
  timeoutMs?: number;
}

export interface Http {
  getJson<S extends z.ZodType>(url: string | URL, schema: S, options?: RequestOptions): Promise<z.output<S>>;
  postJson<S extends z.ZodType>(
    url: string | URL,
    body: unknown,
    schema: S,
    options?: RequestOptions,
  ): Promise<z.output<S>>;
  /** A successful (2xx, or 3xx with `redirect: 'manual'`) response with its body unread. */
  get(url: string | URL, options?: RequestOptions): Promise<Response>;
  /** DELETE; resolves on a 2xx (its body, if any, is read and dropped). */
  delete(url: string | URL, options?: RequestOptions): Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createHttp(options: HttpOptions = {}): Http {
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
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
    const timeoutMs = opts.timeoutMs;

    for (let attempt = 0; ; attempt++) {
      const until = blockedUntil.get(host);
      if (until !== undefined) {
        blockedUntil.delete(host);
        await pause(until - now());
      }
      const last = attempt + 1 >= maxAttempts;
      let res: Response;
      try {
        res = await fetchImpl(url.href, {
          method,
          headers,
          body,
          redirect: opts.redirect ?? 'follow',
          signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
        });
      } catch (err) {
        if (last || remaining() <= 0) throw fail('unavailable', undefined, networkDetail(err), err);
        await pause(backoff(attempt));
        continue;
      }
      noteRateLimit(host, res);
      if (res.ok) return res;
      if (opts.redirect === 'manual' && res.status >= 300 && res.status < 400) return res;
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

  function noteRateLimit(host: string, res: Response) {
    const left = res.headers.get('x-ratelimit-remaining');
    const reset = Number(res.headers.get('x-ratelimit-reset'));
    if (left === null || Number(left) > 0 || !Number.isFinite(reset) || reset <= 0) return;
    // X-RateLimit-Reset is a unix timestamp (§3.1); tolerate a seconds-from-now value too.
    blockedUntil.set(host, reset < 1e9 ? now() + reset * 1000 : reset * 1000);
  }

  async function json<S extends z.ZodType>(res: Response, url: URL, method: string, schema: S) {
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
    timeoutMs: o.timeoutMs ?? options.timeoutMs ?? 30_000,
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
    get(url, opts = {}) {
      return send('GET', new URL(url), undefined, opts);
    },
    async delete(url, opts) {
      const res = await send('DELETE', new URL(url), undefined, jsonOptions(opts));
      await res.arrayBuffer().catch(() => undefined);
    },
  };
}

/** `Retry-After` in seconds (or an HTTP date); the older spec's `X-Retry-After` is a unix timestamp (§3.1). */
export function retryAfterMs(res: Response, nowMs: number): number | undefined {
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

function networkDetail(err: unknown): string {
  if (!(err instanceof Error)) return 'network error';
  const cause = err.cause instanceof Error ? (err.cause as NodeJS.ErrnoException) : undefined;
  if (err.name === 'TimeoutError') return 'timed out';
  return cause?.code ?? cause?.message ?? err.message;
}
