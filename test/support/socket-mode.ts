/**
 * Slack's Socket Mode side for tests: `apps.connections.open` (app-level token required, as Slack does)
 * hands out a `ws://` URL on this server, whose WebSocket says `{"type":"hello"}` only once `hello()` is
 * called — until then the bot's socket is open but not connected, as while Slack is unreachable. Every
 * other Web API method is passed on to the Slack stand-in. Minimal WebSocket framing (RFC 6455): text
 * frames out, a close frame in ends the connection.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { listen } from '../../src/http/server.js';

export interface SocketModeStandIn {
  apiUrl: string;
  /** Lets Slack greet every open socket now and every later one. */
  hello(): void;
  /** Drops every open socket, as a Slack pod recycling would; later ones are not greeted until `hello()`. */
  drop(): void;
  close(): Promise<void>;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function textFrame(text: string): Buffer {
  const body = Buffer.from(text);
  if (body.length > 125) throw new Error('the stand-in sends short frames only');
  return Buffer.concat([Buffer.from([0x81, body.length]), body]);
}

export async function startSocketModeStandIn(
  slackApiUrl: string,
  appToken: string,
): Promise<SocketModeStandIn> {
  const sockets = new Set<Duplex>();
  let greeting = false;
  const server = createServer(async (req: IncomingMessage, res) => {
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (method === 'apps.connections.open') {
      const ok = req.headers.authorization === `Bearer ${appToken}`;
      const port = (server.address() as { port: number }).port;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          ok ? { ok, url: `ws://127.0.0.1:${port}/link/?ticket=t` } : { ok, error: 'invalid_auth' },
        ),
      );
      return;
    }
    const upstream = await fetch(new URL(method, slackApiUrl), {
      method: req.method,
      headers: {
        'content-type': req.headers['content-type'] ?? '',
        authorization: req.headers.authorization ?? '',
      },
      body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
    });
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
    });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    const key = req.headers['sec-websocket-key'] ?? '';
    const accept = createHash('sha1').update(`${key}${GUID}`).digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    sockets.add(socket);
    socket.on('data', (frame: Buffer) => {
      // Opcode 8: the client closes; answer with a close frame and end.
      if (((frame[0] ?? 0) & 0x0f) === 8) socket.end(Buffer.from([0x88, 0]));
    });
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => sockets.delete(socket));
    if (greeting) socket.write(textFrame('{"type":"hello","num_connections":1}'));
  });
  const port = await listen(server, 0, '127.0.0.1');
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    hello() {
      greeting = true;
      for (const s of sockets) s.write(textFrame('{"type":"hello","num_connections":1}'));
    },
    drop() {
      greeting = false;
      for (const s of sockets) s.destroy();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
