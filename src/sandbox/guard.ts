/**
 * The sandbox page makes whoever uses it an Insights admin, so every sandbox route is reachable only the
 * way the page itself reaches it:
 * - the `Host` is this machine (or the configured HOST): a page on a rebound DNS name
 *   (`rebind.example` → 127.0.0.1) cannot read the state, the files or the events;
 * - a POST carries the page's own `Origin` and a JSON body: a cross-site form or fetch cannot send either
 *   without a CORS preflight, which nothing here answers.
 * Refused requests get 403 (415 for a same-origin POST that is not JSON) and change nothing.
 */
import type { IncomingMessage } from 'node:http';
import { type Route, sendJson } from '../http/server.js';

/** Hosts that mean "listen everywhere": no name a browser would use. */
const WILDCARDS = new Set(['', '0.0.0.0', '::', '[::]']);

const isLoopback = (hostname: string): boolean =>
  hostname === 'localhost' ||
  hostname.endsWith('.localhost') ||
  /^127(\.\d{1,3}){3}$/.test(hostname) ||
  hostname === '[::1]';

/** `Host: 127.0.0.1:3000` → `127.0.0.1`; `[::1]:3000` → `[::1]`; undefined when unreadable. */
function hostnameOf(host: string | undefined): string | undefined {
  if (!host) return undefined;
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

const bracketed = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);

export interface SandboxGuardOptions {
  /** HOST as configured: a browser may also name the machine by it (unless it is a wildcard). */
  host?: string;
}

/** Why `req` may not use a sandbox route, or undefined when it may. */
export function refusal(
  req: IncomingMessage,
  options: SandboxGuardOptions = {},
): { status: number; error: string } | undefined {
  const hostname = hostnameOf(req.headers.host);
  const configured = options.host ? bracketed(options.host.toLowerCase()) : '';
  const allowed =
    hostname !== undefined &&
    (isLoopback(hostname) || (!WILDCARDS.has(configured) && hostname === configured));
  if (!allowed) return { status: 403, error: 'forbidden_host' };
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  const origin = req.headers.origin;
  if (origin !== `http://${req.headers.host}` && origin !== `https://${req.headers.host}`) {
    return { status: 403, error: 'forbidden_origin' };
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') return { status: 415, error: 'json_required' };
  return undefined;
}

/** Every route behind the checks above. */
export function guardRoutes(routes: Route[], options: SandboxGuardOptions = {}): Route[] {
  return routes.map((route) => ({
    ...route,
    handler(req, res, url) {
      const refused = refusal(req, options);
      if (!refused) return route.handler(req, res, url);
      // Whatever the client still sends is not read: answer and close.
      res.setHeader('connection', 'close');
      sendJson(res, refused.status, { ok: false, error: refused.error });
      req.resume();
    },
  }));
}

/** What the operator should know before anyone opens the page (logged as warnings at start). */
export function sandboxWarnings(settings: { host: string; dockerToken: boolean }): string[] {
  const warnings: string[] = [];
  const host = settings.host.toLowerCase();
  if (!isLoopback(bracketed(host))) {
    warnings.push(
      `The sandbox listens on HOST=${settings.host}, beyond this machine: whoever can reach it acts as an Insights admin. Leave HOST unset (127.0.0.1) unless this network is yours alone.`,
    );
  }
  if (settings.dockerToken) {
    warnings.push(
      "The sandbox runs with real Docker credentials (DOCKER_TOKEN): whoever uses its page is an Insights admin and can export the organization's members with their emails. Connect Slack for shared use.",
    );
  }
  return warnings;
}
