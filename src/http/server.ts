import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import { redactPath } from './secrets.js';

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

export interface Route {
  method: 'GET' | 'POST';
  /** An exact path, or a prefix ending in `*`. */
  path: string;
  handler: Handler;
}

/**
 * Node's defaults let a client hold a connection for a minute without finishing its headers, five minutes
 * per request, with no cap on connections. These close slow clients early (Node answers 408) and bound
 * how many can wait at once, so /healthz and Slack keep being answered.
 */
export const SERVER_LIMITS = {
  headersTimeoutMs: 10_000,
  /** The whole request, body included: a 5 MB CI result needs about 170 KB/s. */
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 512,
};

/** One small HTTP server for Slack's events, /healthz and the other endpoints; each route owns its path. */
export function createHttpServer(
  routes: Route[],
  logger: Logger,
  limits: typeof SERVER_LIMITS = SERVER_LIMITS,
): Server {
  const options = {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // How often Node looks for requests past those limits (default 30 s, which would triple the first).
    connectionsCheckingInterval: 1_000,
  };
  const server = createServer(options, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routes.find(
      (r) =>
        r.method === req.method &&
        (r.path.endsWith('*') ? url.pathname.startsWith(r.path.slice(0, -1)) : url.pathname === r.path),
    );
    if (!route) {
      sendJson(res, 404, { ok: false, error: 'not_found' });
      return;
    }
    Promise.resolve(route.handler(req, res, url)).catch((err: unknown) => {
      logger.error({ err, path: redactPath(url.pathname) }, 'request handler failed');
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal_error' });
      else res.end();
    });
  });
  server.maxConnections = limits.maxConnections;
  return server;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Reads a request body up to `limit` bytes; rejects (and the caller answers 413) beyond it. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
  }
}

export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
