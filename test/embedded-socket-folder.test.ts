import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/db.js';
import { clusterDir } from '../src/store/embedded/cluster.js';
import { ScramOnlyClient } from '../src/store/embedded/scram-client.js';
import { tmpSocketDir } from '../src/store/embedded/socket-dir.js';
import { runCli } from './support/cli.js';
import { postgresOsUser } from './support/embedded-clusters.js';

// A DATA_DIR path too long for a Unix socket puts the server's socket in /tmp/insights-pg-<hash>, a
// name anyone can predict and make first. And whatever listens on a socket gets the bot's handshake.
let dir: string;
const planted: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'insights-socket-'));
});
afterEach(() => {
  for (const path of planted.splice(0)) rmSync(path, { recursive: true, force: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A DATA_DIR whose socket folder goes under /tmp, and that folder's name. */
function longDataDir(name: string) {
  const dataDir = join(dir, `${name}-${'x'.repeat(80)}`);
  const socketDir = tmpSocketDir(clusterDir(dataDir));
  planted.push(socketDir);
  return { dataDir, socketDir };
}

const NOBODY = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());

describe('the socket folder under /tmp', { timeout: 60_000 }, () => {
  it('is refused, in one sentence, when someone else made it first: the bot does not start', async () => {
    const { dataDir, socketDir } = longDataDir('planted');
    // Another local user got there first: their folder, open to all.
    mkdirSync(socketDir);
    chownSync(socketDir, NOBODY, NOBODY);
    chmodSync(socketDir, 0o777);

    await expect(openDatabase({ dataDir })).rejects.toThrow(
      new RegExp(
        `^The embedded database's socket folder ${socketDir} belongs to another user \\(uid ${NOBODY},`,
      ),
    );
    for (const args of [['serve'], ['sync']]) {
      const run = await runCli(args, {
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        DOCKER_ORG: '',
        DOCKER_TOKEN: '',
      });
      expect(run.code).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /socket folder \S+ belongs to another user .*: remove it .* and start the bot again\.$/,
      );
    }
  });

  it('is refused when it is a link, or open to others though it is the server user’s', async () => {
    const link = longDataDir('link');
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere, { mode: 0o700 });
    symlinkSync(elsewhere, link.socketDir);
    await expect(openDatabase({ dataDir: link.dataDir })).rejects.toThrow(
      /socket folder \S+ is a symbolic link/,
    );

    const open = longDataDir('open');
    mkdirSync(open.socketDir);
    const owner = postgresOsUser();
    if (owner) chownSync(open.socketDir, owner.uid, owner.gid);
    chmodSync(open.socketDir, 0o777);
    await expect(openDatabase({ dataDir: open.dataDir })).rejects.toThrow(
      /socket folder \S+ is open to other users \(mode 777, not 700\)/,
    );
  });
});

/** A program listening where the server should: answers the handshake with `reply`, records what it got. */
async function impostor(
  reply: Buffer,
): Promise<{ socketDir: string; received: () => string; server: Server }> {
  const socketDir = await mkdtemp(join(tmpdir(), 'insights-impostor-'));
  planted.push(socketDir);
  const chunks: Buffer[] = [];
  const server = createServer((socket) => {
    socket.on('data', (d) => {
      const first = chunks.length === 0;
      chunks.push(d);
      if (first) socket.write(reply);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(join(socketDir, '.s.PGSQL.5432'), resolve));
  return { socketDir, received: () => Buffer.concat(chunks).toString('latin1'), server };
}

const message = (type: string, body: Buffer) => {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
};
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

describe('the client of the embedded server', () => {
  it.each([
    ['asks for the password in plain text', message('R', int32(3)), /asked for the password in plain text/],
    ['asks for an MD5 password', message('R', Buffer.concat([int32(5), Buffer.from('salt')])), /MD5/],
    [
      'lets it in without asking',
      Buffer.concat([message('R', int32(0)), message('Z', Buffer.from('I'))]),
      /let the bot in without proving it knows the password/,
    ],
  ])('refuses a listener that %s, and never sends it the secret', async (_what, reply, refusal) => {
    const fake = await impostor(reply);
    const client = new ScramOnlyClient({
      host: fake.socketDir,
      port: 5432,
      user: 'postgres',
      database: 'postgres',
      password: 'the-secret-value',
    });
    try {
      await expect(client.connect()).rejects.toThrow(refusal);
      expect(fake.received()).toContain('postgres'); // the startup message arrived
      expect(fake.received()).not.toContain('the-secret-value');
    } finally {
      await client.end().catch(() => undefined);
      await new Promise((resolve) => fake.server.close(resolve));
    }
  });
});
