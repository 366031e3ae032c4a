/**
 * `POST /ingest/scout?image=<repository:tag>`: a CI job posts `docker scout cves --format sarif|gitlab`
 * output (docker-apis.md §7.3, §12) with `Authorization: Bearer <INGEST_TOKEN>`. Each vulnerability of the
 * image at or above the minimum severity is an alert (`scout.image`); the result is the whole truth about
 * that image, so a clean result resolves its alerts. A refused request changes nothing.
 * Never logs the token or the body.
 */
import type { Scout } from '../app/scout.js';
import { normalizeImageRef } from '../domain/scan-results.js';
import type { Logger } from '../logger.js';
import { secretMatches } from './secrets.js';
import { BodyTooLargeError, type Route, readBody, sendJson } from './server.js';

export const INGEST_SCOUT_PATH = '/ingest/scout';

/** A SARIF file of a large image with every severity is a few MB; `--only-severity critical,high` is smaller. */
export const INGEST_MAX_BYTES = 5 * 1024 * 1024;

export interface IngestDeps {
  /** INGEST_TOKEN: the bearer token CI sends. */
  token: string;
  scout: Pick<Scout, 'ingest'>;
  now: () => Date;
  logger: Logger;
  /** Default INGEST_MAX_BYTES. */
  maxBytes?: number;
}

/** The bearer token of an Authorization header, compared in constant time. */
function tokenMatches(header: string | undefined, expected: string): boolean {
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return secretMatches(m?.[1] ?? '', expected) && m !== null;
}

export function ingestRoute(deps: IngestDeps): Route {
  const expected = deps.token;
  const maxBytes = deps.maxBytes ?? INGEST_MAX_BYTES;
  const log = deps.logger.child({ route: INGEST_SCOUT_PATH });
  return {
    method: 'POST',
    path: INGEST_SCOUT_PATH,
    async handler(req, res, url) {
      const refuse = (
        status: number,
        error: string,
        reason: string,
        headers: Record<string, string> = {},
      ) => {
        for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
        // The client may still be sending: close once answered rather than read a body we refuse.
        if (!req.complete) res.setHeader('connection', 'close');
        sendJson(res, status, { ok: false, error, reason });
        if (!req.complete) req.resume();
      };
      if (!tokenMatches(req.headers.authorization, expected)) {
        log.warn({ hasAuthorization: req.headers.authorization !== undefined }, 'ingest refused: bad token');
        refuse(401, 'unauthorized', 'send Authorization: Bearer <INGEST_TOKEN>', {
          'www-authenticate': 'Bearer realm="insights-bot"',
        });
        return;
      }
      const raw = url.searchParams.get('image');
      const image = raw === null ? undefined : normalizeImageRef(raw);
      if (!image) {
        const reason =
          raw === null
            ? 'missing ?image=<repository:tag>: the image the result is for'
            : 'image is not an image reference such as acme/api:1.4';
        refuse(400, 'bad_image', reason);
        return;
      }
      const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
      if (encoding !== 'identity') {
        refuse(415, 'unsupported_encoding', 'send the file uncompressed (no Content-Encoding)');
        return;
      }
      let body: Buffer;
      try {
        body = await readBody(req, maxBytes);
      } catch (err) {
        if (!(err instanceof BodyTooLargeError)) throw err;
        log.warn({ image, limit: maxBytes }, 'ingest refused: body too large');
        refuse(413, 'too_large', `body larger than ${maxBytes} bytes; try --only-severity critical,high`);
        return;
      }
      const outcome = await deps.scout.ingest(image, body.toString('utf8'), deps.now());
      if (!outcome.ok) {
        log.warn({ image, bytes: body.length, reason: outcome.reason }, 'ingest refused: unreadable result');
        refuse(400, 'bad_body', outcome.reason);
        return;
      }
      const { ok: _ok, ...summary } = outcome;
      log.info(summary, 'scout result ingested');
      sendJson(res, 200, { ok: true, ...summary });
    },
  };
}
