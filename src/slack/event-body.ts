/**
 * The `POST /slack/events` body, checked before Bolt sees it. Bolt 5.1's HTTPReceiver reads
 * `body.ssl_check` of whatever the body parses to, outside any try, so a signed `null` (or a form whose
 * `payload` is `null`) threw an unhandled rejection that ended the process (docs/security.md has the
 * upstream report). Here the body is read once — Bolt reuses a request's `rawBody` — and anything that
 * is not a JSON object is answered 400 before Bolt runs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse } from 'node:querystring';
import type { Logger } from '../logger.js';

/** Bolt's own default body limit. */
export const EVENTS_BODY_LIMIT = 4 * 1024 * 1024;

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Whether Bolt would parse `raw` into an object. Mirrors `parseHTTPRequestBody`: a form body (exactly
 * that content type) is its fields, or its `payload` field read as JSON; anything else is JSON.
 */
export function isObjectBody(contentType: string | undefined, raw: string): boolean {
  try {
    if (contentType === 'application/x-www-form-urlencoded') {
      const { payload } = parse(raw);
      return typeof payload === 'string' ? isObject(JSON.parse(payload)) : true;
    }
    return isObject(JSON.parse(raw));
  } catch {
    return false;
  }
}

function refuse(res: ServerResponse, status: number, error: string): void {
  const text = JSON.stringify({ ok: false, error });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  res.end(text);
}

/** At most one warning a minute about refused bodies: anyone can send junk, unsigned, to a log. */
const WARN_EVERY_MS = 60_000;

/** Wraps Bolt's request listener: reads the body (up to Bolt's limit), refuses a non-object with 400. */
export function guardEventBody(next: Listener, logger: Logger): Listener {
  let lastWarnAt = Number.NEGATIVE_INFINITY;
  let unlogged = 0;
  const warn = (contentType: string | undefined, bytes: number) => {
    unlogged++;
    if (Date.now() - lastWarnAt < WARN_EVERY_MS) return;
    lastWarnAt = Date.now();
    logger.warn(
      { contentType, bytes, refused: unlogged },
      'refused a Slack request whose body is not an object (refused: how many since the last such line)',
    );
    unlogged = 0;
  };
  return (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > EVENTS_BODY_LIMIT) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (tooLarge) return refuse(res, 413, 'too_large');
      const rawBody = Buffer.concat(chunks);
      const type = req.headers['content-type'];
      if (!isObjectBody(type, rawBody.toString('utf8'))) {
        warn(type, rawBody.length);
        return refuse(res, 400, 'invalid_body');
      }
      // Bolt's bufferIncomingMessage takes an already-read body from here instead of the stream.
      Object.assign(req, { rawBody });
      next(req, res);
    });
  };
}
