/**
 * Every call the bot makes to another service goes through `send()`: the one place that bounds what an
 * answer may cost. Per kind of call, a byte cap — an answer past it is cut off with a clear error, never
 * read whole — and a deadline for the whole exchange (connecting, the headers, the last byte of the body)
 * through an AbortSignal. undici's own timeouts measure idle time only: a reply trickling a byte a
 * second never ended, and a stalled report download held the sync lock for good.
 */
import { Readable } from 'node:stream';
import { InsightsError } from './errors.js';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface CallLimits {
  /** The most bytes of body read; beyond it the call fails (`too_large`). */
  maxBytes: number;
  /** The whole call, body included; beyond it the call fails (`deadline`). */
  deadlineMs: number;
}

const MB = 1024 * 1024;

/** The kinds of outgoing call, each with its limits (callers may pass tighter ones). */
export const CALL_LIMITS = {
  /** A Docker API JSON answer: a members or audit-log page of 100, a report list, a token. */
  dockerJson: { maxBytes: 20 * MB, deadlineMs: 60_000 },
  /** The Scout metrics exporter's Prometheus text (one sample per policy, stream and severity). */
  scoutMetrics: { maxBytes: 50 * MB, deadlineMs: 120_000 },
  /** One Enterprise Data report CSV; the caller narrows the cap to the size the report list gives. */
  report: { maxBytes: 1024 * MB, deadlineMs: 10 * 60_000 },
  /** A SIEM destination's reply, or the Entra ID token for Sentinel: a few hundred bytes of JSON. */
  siemReply: { maxBytes: 1 * MB, deadlineMs: 30_000 },
  /**
   * A Slack Web API answer (a page of history, a view, a file's metadata) or the upload URL's `OK`, read
   * through cappedFetch; the clients' own `timeout` is the deadline.
   */
  slackApi: { maxBytes: 20 * MB, deadlineMs: 60_000 },
} satisfies Record<string, CallLimits>;

export type OutgoingFailure = 'too_large' | 'deadline';

/** A call that went past its cap or its deadline: `detail` says which, in words fit for an error message. */
export class OutgoingError extends InsightsError {
  constructor(
    readonly kind: OutgoingFailure,
    readonly host: string,
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`outgoing_${kind}`, `${host}: ${detail}`, options);
    this.name = 'OutgoingError';
  }
}

export interface OutgoingRequest {
  method?: 'GET' | 'POST' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  /** 'manual' returns a 3xx response instead of following it (pre-signed downloads). */
  redirect?: 'follow' | 'manual';
  limits: CallLimits;
}

/** An answer whose body has not been read yet; read it once, by one of the three. */
export interface OutgoingResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: Headers;
  /** The whole body as UTF-8 text, within the cap and the deadline. */
  text(): Promise<string>;
  /**
   * The body as a byte stream that errors past the cap or the deadline: with an OutgoingError, or with
   * what `mapError` makes of it (a client's own error type).
   */
  stream(mapError?: (err: unknown) => unknown): Readable;
  /** Drops the body unread and ends the call. */
  discard(): Promise<void>;
}

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);
const megabytes = (bytes: number) =>
  bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${bytes} bytes`;

/**
 * undici's fetch, loaded at the first call: a bot that calls nobody (the sandbox on the demo organization)
 * does not carry its 20 MB.
 */
let undici: Promise<FetchLike> | undefined;
const lazyUndiciFetch: FetchLike = async (url, init) => {
  undici ??= import('undici').then((m) => m.fetch as unknown as FetchLike);
  return (await undici)(url, init);
};

export function createSender(fetchImpl: FetchLike = lazyUndiciFetch) {
  return async function send(url: string, request: OutgoingRequest): Promise<OutgoingResponse> {
    const { maxBytes, deadlineMs } = request.limits;
    const host = new URL(url).host;
    const tooLarge = () =>
      new OutgoingError('too_large', host, `larger than ${megabytes(maxBytes)}; stopped reading it`);
    const late = (cause?: unknown) =>
      new OutgoingError('deadline', host, `no complete answer within ${seconds(deadlineMs)}`, { cause });
    const controller = new AbortController();
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      controller.abort(late());
    }, deadlineMs);
    timer.unref();
    const end = () => clearTimeout(timer);

    let res: Response;
    try {
      res = await fetchImpl(url, {
        method: request.method ?? 'GET',
        headers: request.headers,
        body: request.body,
        redirect: request.redirect ?? 'follow',
        signal: controller.signal,
      });
    } catch (err) {
      end();
      throw expired ? late(err) : err;
    }
    const discard = async () => {
      end();
      controller.abort();
      await res.body?.cancel().catch(() => undefined);
    };
    const declared = Number(res.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      await discard();
      throw tooLarge();
    }

    async function* chunks(): AsyncGenerator<Uint8Array> {
      try {
        yield* capped(res.body, maxBytes, {
          tooLarge: () => {
            controller.abort();
            return tooLarge();
          },
          readFailed: (err) => (expired ? late(err) : err),
        });
      } finally {
        end();
      }
    }
    let read = false;
    const body = () => {
      if (read) throw new Error('the body of this answer was already read');
      read = true;
      return chunks();
    };
    return {
      status: res.status,
      ok: res.ok,
      headers: res.headers,
      async text() {
        const parts: Uint8Array[] = [];
        for await (const chunk of body()) parts.push(chunk);
        return Buffer.concat(parts).toString('utf8');
      },
      stream(mapError = (err: unknown) => err) {
        const source = body();
        async function* mapped(): AsyncGenerator<Uint8Array> {
          try {
            yield* source;
          } catch (err) {
            throw mapError(err);
          }
        }
        return Readable.from(mapped(), { objectMode: false });
      },
      discard,
    };
  };
}

/**
 * A body's chunks, failing with `tooLarge()` once more than `maxBytes` came; a failed read is rethrown as
 * `readFailed` makes it. Stopped early (past the cap, or the reader gave up), it lets the connection go.
 */
async function* capped(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  fail: { tooLarge: () => Error; readFailed: (err: unknown) => unknown },
): AsyncGenerator<Uint8Array> {
  if (!body) return;
  const reader = body.getReader();
  let size = 0;
  try {
    for (;;) {
      let next: Awaited<ReturnType<typeof reader.read>>;
      try {
        next = await reader.read();
      } catch (err) {
        throw fail.readFailed(err);
      }
      if (next.done) return;
      size += next.value.byteLength;
      if (size > maxBytes) throw fail.tooLarge();
      yield next.value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** An answer as a client that brings its own `fetch` reads it (Slack's WebClient): read whole, once. */
export interface CappedResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly headers: Headers;
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

/**
 * A `fetch` for clients that take one (`new WebClient(token, { fetch })`): every answer's body is read
 * within `maxBytes` (an OutgoingError `too_large` past it, never read whole). The deadline stays the
 * client's own: its `timeout` aborts the signal, which ends the body's reading too.
 */
export function cappedFetch(maxBytes: number, fetchImpl: typeof fetch = globalThis.fetch) {
  return async (url: string | URL, init?: RequestInit): Promise<CappedResponse> => {
    const res = await fetchImpl(url, init);
    const tooLarge = () =>
      new OutgoingError(
        'too_large',
        new URL(url).host,
        `larger than ${megabytes(maxBytes)}; stopped reading it`,
      );
    const declared = Number(res.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw tooLarge();
    }
    let whole: Promise<Buffer> | undefined;
    const bytes = () => {
      whole ??= (async () => {
        const parts: Uint8Array[] = [];
        for await (const chunk of capped(res.body, maxBytes, { tooLarge, readFailed: (err) => err }))
          parts.push(chunk);
        return Buffer.concat(parts);
      })();
      return whole;
    };
    return {
      ok: res.ok,
      status: res.status,
      statusText: res.statusText,
      url: res.url,
      headers: res.headers,
      arrayBuffer: async () => {
        const b = await bytes();
        return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
      },
      text: async () => (await bytes()).toString('utf8'),
      json: async () => JSON.parse((await bytes()).toString('utf8')),
    };
  };
}

/** `send(url, { limits: CALL_LIMITS.dockerJson, … })` with undici's fetch. */
export const send = createSender();
