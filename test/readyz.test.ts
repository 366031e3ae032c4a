import { connect, createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { type RunningBot, startBot } from '../src/main.js';
import { type SlackStandIn, startSlackStandIn } from '../src/sandbox/slack-stand-in.js';
import { BOT_TOKEN, type Harness, startHarness } from './support/bot-harness.js';
import { type FreshDatabase, freshDatabase, TEST_DATABASE_URL } from './support/databases.js';
import { type SocketModeStandIn, startSocketModeStandIn } from './support/socket-mode.js';
import { until } from './support/until.js';

/** Listens on `port` (0: any free one) on loopback; resolves with the port. */
function listenTcp(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
}

const probe = async (port: number, path: string) => {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: (await res.json()) as { status: string; reason?: string } };
};

/** A TCP proxy to the PostgreSQL server that can go down (refusing and cutting connections) and come back. */
async function databaseProxy(target: URL) {
  const open = new Set<Socket>();
  let server: Server | undefined;
  const up = async (port = 0) => {
    server = createTcpServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      for (const s of [client, upstream]) {
        open.add(s);
        s.on('error', () => undefined);
        s.on('close', () => open.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    return listenTcp(server, port);
  };
  const port = await up();
  return {
    port,
    up: () => up(port),
    down: async () => {
      await new Promise((resolve) => {
        server?.close(resolve);
        for (const s of open) s.destroy();
      });
    },
  };
}

describe('/readyz over HTTP mode', () => {
  let h: Harness;
  let database: FreshDatabase;
  let proxy: Awaited<ReturnType<typeof databaseProxy>>;
  beforeAll(async () => {
    database = await freshDatabase('postgres');
    const target = new URL(TEST_DATABASE_URL);
    proxy = await databaseProxy(target);
    const viaProxy = TEST_DATABASE_URL.replace(target.host, `127.0.0.1:${proxy.port}`);
    const separator = viaProxy.includes('?') ? '&' : '?';
    h = await startHarness({
      DATABASE_URL: `${viaProxy}${separator}options=${encodeURIComponent(`-c search_path=${database.schema}`)}`,
    });
  });
  afterAll(async () => {
    await h?.close();
    await proxy?.down();
    await database?.drop();
  });

  it('is 200 while the database answers, 503 while it is down, 200 again when it is back', async () => {
    expect(await probe(h.bot.port, '/readyz')).toEqual({ status: 200, body: { status: 'ready' } });
    await proxy.down();
    expect(await probe(h.bot.port, '/readyz')).toEqual({
      status: 503,
      body: { status: 'not_ready', reason: 'database not answering' },
    });
    // Liveness says the same about the database, and stays a separate endpoint.
    expect((await probe(h.bot.port, '/healthz')).status).toBe(503);
    await proxy.up();
    await until('ready again', async () => (await probe(h.bot.port, '/readyz')).status === 200);
  });

  it('is 503 while a migration this build ships is not applied', async () => {
    const [last] = await h.bot.db.query<{ name: string }>(
      'DELETE FROM schema_migrations WHERE name = (SELECT max(name) FROM schema_migrations) RETURNING name',
    );
    expect(await probe(h.bot.port, '/readyz')).toEqual({
      status: 503,
      body: { status: 'not_ready', reason: 'database migrations not applied yet' },
    });
    await h.bot.db.query('INSERT INTO schema_migrations (name) VALUES ($1)', [last?.name]);
    expect((await probe(h.bot.port, '/readyz')).status).toBe(200);
  });
});

describe('/readyz in Socket Mode', () => {
  let slack: SlackStandIn;
  let socket: SocketModeStandIn;
  let starting: Promise<RunningBot>;
  let port: number;
  const appToken = 'xapp-1-A0TEST-readyz';
  beforeAll(async () => {
    slack = await startSlackStandIn({ token: BOT_TOKEN });
    socket = await startSocketModeStandIn(slack.apiUrl, appToken);
    const free = createTcpServer();
    port = await listenTcp(free, 0);
    await new Promise((resolve) => free.close(resolve));
    // The HTTP server listens before the socket connects: start-up waits for Slack's hello.
    starting = startBot({
      env: {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_APP_TOKEN: appToken,
        SLACK_API_URL: socket.apiUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: 'memory://',
        RENDER_WORKERS: '1',
      },
      logger: createLogger({ level: 'silent' }),
    });
  });
  afterAll(async () => {
    socket?.hello();
    await (await starting.catch(() => undefined))?.close();
    await socket?.close();
    await slack?.close();
  });

  it('is 503 until the socket is connected, 200 while it is, 503 again when it drops', async () => {
    const notConnected = {
      status: 503,
      body: { status: 'not_ready', reason: 'Socket Mode not connected to Slack' },
    };
    const first = await until('the HTTP server', () => probe(port, '/readyz').catch(() => undefined));
    expect(first).toEqual(notConnected);
    expect((await probe(port, '/healthz')).status).toBe(200);

    socket.hello();
    await starting;
    expect(await probe(port, '/readyz')).toEqual({ status: 200, body: { status: 'ready' } });

    socket.drop();
    await until('not ready after the drop', async () => (await probe(port, '/readyz')).status === 503);
    expect(await probe(port, '/readyz')).toEqual(notConnected);
    socket.hello();
    await until('ready after reconnecting', async () => (await probe(port, '/readyz')).status === 200);
  });
});
