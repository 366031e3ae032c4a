/**
 * The sandbox page's read side: the page and its assets (the entry script, and the browser modules of
 * browser/ as they are on disk), the state as JSON, live updates as Server-Sent Events, and the
 * stand-in's files on the bot's own origin.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Route, sendJson } from '../../http/server.js';
import type { SlackStandIn, StandInMessage, StandInView } from '../slack-stand-in-types.js';
import { PAGE_CSS } from './page-css.js';
import { PAGE_HTML } from './page-html.js';
import { PAGE_JS } from './page-js.js';
import { isVisible, openModal, pageState, toPageMessage, toPageView, visibleChannels } from './page-state.js';

/** The page runs only its own script and style; images may also come from http(s) `image_url`s. */
const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https: http:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/** Files are shown, never run: no script, no plugins, in a sandbox. */
const FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";
/** How often an event stream checks that the server still listens (so shutdown is not held up). */
const LIVENESS_MS = 250;
const KEEPALIVE_MS = 15_000;
/**
 * The page's browser modules: src/sandbox/page/browser/ under tsx, and the copy `npm run build` puts
 * next to the compiled server in dist/.
 */
const BROWSER_DIR = new URL('./browser/', import.meta.url);

/** Every `.js` file of the browser folder by name, read once at start. */
function readBrowserModules(): Map<string, string> {
  let names: string[];
  try {
    names = readdirSync(BROWSER_DIR).filter((name) => name.endsWith('.js'));
  } catch (error) {
    throw new Error(
      `The sandbox page's browser code is missing at ${fileURLToPath(BROWSER_DIR)} (run npm run build): ${String(error)}`,
    );
  }
  return new Map(names.map((name) => [name, readFileSync(new URL(name, BROWSER_DIR), 'utf8')]));
}

function sendText(res: ServerResponse, type: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(200, {
    'content-type': `${type}; charset=utf-8`,
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    ...extra,
  });
  res.end(body);
}

const INLINE_TYPES = /^(image\/(png|jpeg|gif|webp)|text\/(plain|csv|markdown)|application\/(json|pdf))$/;

/** `attachment` unless the type is safe to show; the name in RFC 6266 form. */
function disposition(mimetype: string, filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const kind = INLINE_TYPES.test(mimetype) ? 'inline' : 'attachment';
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function pageRoutes(deps: { standIn: SlackStandIn; user: string }): Route[] {
  const { standIn, user } = deps;
  const browserModules = readBrowserModules();
  const page: Route['handler'] = (_req, res) =>
    sendText(res, 'text/html', PAGE_HTML, { 'content-security-policy': PAGE_CSP });
  return [
    { method: 'GET', path: '/', handler: page },
    { method: 'GET', path: '/sandbox', handler: page },
    { method: 'GET', path: '/sandbox/', handler: page },
    {
      method: 'GET',
      path: '/sandbox/page.js',
      handler: (_req, res) => sendText(res, 'text/javascript', PAGE_JS),
    },
    {
      method: 'GET',
      path: '/sandbox/browser/*',
      handler(_req, res, url) {
        const source = browserModules.get(safeDecode(url.pathname.slice('/sandbox/browser/'.length)));
        if (source === undefined) {
          sendJson(res, 404, { ok: false, error: 'not_found' });
          return;
        }
        sendText(res, 'text/javascript', source);
      },
    },
    {
      method: 'GET',
      path: '/sandbox/page.css',
      handler: (_req, res) => sendText(res, 'text/css', PAGE_CSS),
    },
    {
      method: 'GET',
      path: '/sandbox/state',
      handler: (_req, res) => sendJson(res, 200, { ok: true, ...pageState(standIn, user) }),
    },
    {
      method: 'GET',
      path: '/sandbox/events',
      handler: (req, res) => streamEvents(standIn, user, req, res),
    },
    {
      method: 'GET',
      path: '/sandbox/files/*',
      handler(_req, res, url) {
        const [id = ''] = url.pathname.slice('/sandbox/files/'.length).split('/');
        const file = standIn.files.get(safeDecode(id));
        if (!file || file.uploadedAt === undefined) {
          sendJson(res, 404, { ok: false, error: 'file_not_found' });
          return;
        }
        res.writeHead(200, {
          'content-type': file.mimetype,
          'content-length': String(file.bytes.length),
          'content-disposition': disposition(file.mimetype, file.filename),
          'content-security-policy': FILE_CSP,
          'x-content-type-options': 'nosniff',
          'cache-control': 'private, max-age=3600',
        });
        res.end(file.bytes);
      },
    },
  ];
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * `GET /sandbox/events`: an `event: state` with everything the user can see, then `upsert` (a new or
 * changed message), `remove` ({channel, ts}), `channels` (the sidebar changed), `home` (the user's Home
 * tab was published) and `modal` (a modal opened, or null: it closed). Ends when the server
 * stops listening, so closing the bot is not held up by an open page (the browser reconnects).
 */
function streamEvents(standIn: SlackStandIn, user: string, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // One response per connection: once it ends, the socket closes and shutdown can finish.
    connection: 'close',
  });
  const send = (event: string, data: unknown) =>
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  res.write('retry: 500\n\n');
  const state = pageState(standIn, user);
  let channels = JSON.stringify(state.channels);
  send('state', state);
  const offMessage = standIn.on('message', (m: StandInMessage) => {
    const now = visibleChannels(standIn, user);
    const text = JSON.stringify(now);
    if (text !== channels) {
      channels = text;
      send('channels', now);
    }
    if (isVisible(standIn, m, user)) send('upsert', toPageMessage(standIn, m));
  });
  const offDelete = standIn.on('delete', (m: StandInMessage) => {
    if (isVisible(standIn, m, user)) send('remove', { channel: m.channel, ts: m.ts });
  });
  const offView = standIn.on('view', (v: StandInView) => {
    if (v.user !== user) return;
    if (v.type === 'home') send('home', toPageView(standIn, v));
    else {
      const modal = openModal(standIn, user);
      send('modal', modal ? toPageView(standIn, modal) : null);
    }
  });
  const server = (req.socket as Socket & { server?: Server }).server;
  let idle = 0;
  const timer = setInterval(() => {
    if (server && !server.listening) {
      stop();
      return;
    }
    idle += LIVENESS_MS;
    if (idle >= KEEPALIVE_MS) {
      idle = 0;
      res.write(': keep-alive\n\n');
    }
  }, LIVENESS_MS);
  timer.unref();
  let stopped = false;
  function stop(): void {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    offMessage();
    offDelete();
    offView();
    res.end();
  }
  req.on('close', stop);
  res.on('close', stop);
}
