import { chmodSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../src/store/db.js';
import { clusterDir } from '../src/store/embedded/cluster.js';
import { SECRET_FILE } from '../src/store/embedded/secret.js';
import { tmpSocketDir } from '../src/store/embedded/socket-dir.js';
import { connectAs, legacyCluster, postgresOsUser } from './support/embedded-clusters.js';

// The embedded server asks every connection for DATA_DIR's secret (SCRAM). The interesting case is a
// bot running as root (as the tests do here): its server runs as the shared `postgres` OS user, and
// every other program of that user can reach the socket.
let dir: string;
const cleanup: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'insights-auth-'));
  // An operator's folder the server's OS user may pass through, so only the password stands in its way.
  chmodSync(dir, 0o755);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  for (const path of cleanup) rmSync(path, { recursive: true, force: true });
});

const secretOf = (dataDir: string) => readFileSync(join(dataDir, SECRET_FILE), 'utf8').trim();

async function withDatabase(dataDir: string, fn: (db: Db) => Promise<void>): Promise<void> {
  const db = await openDatabase({ dataDir });
  try {
    await fn(db);
  } finally {
    await db.close();
  }
}

/** What another program of the server's OS user gets from the socket: no password, a guessed one, the secret. */
async function attempts(host: string, dataDir: string) {
  const as = postgresOsUser();
  return {
    none: await connectAs(as, { host, port: 5432 }),
    guessed: await connectAs(as, { host, port: 5432, password: 'postgres' }),
    secret: await connectAs(as, { host, port: 5432, password: secretOf(dataDir) }),
  };
}

describe('the embedded database asks for its secret', { timeout: 60_000 }, () => {
  it('refuses a connection through its socket without the secret, from the server’s own OS user too', async () => {
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    await withDatabase(dataDir, async (db) => {
      await db.query("CREATE TABLE private (note text); INSERT INTO private VALUES ('members')");
      const tried = await attempts(clusterDir(dataDir), dataDir);
      expect(tried.none).toMatchObject({ ok: false });
      expect(tried.guessed).toMatchObject({ ok: false, code: '28P01' });
      // The socket itself was reachable: with the secret the same program gets in.
      expect(tried.secret).toEqual({ ok: true, user: 'postgres' });
    });
    // The secret: the bot's own user's alone.
    const secret = statSync(join(dataDir, SECRET_FILE));
    expect(secret.mode & 0o777).toBe(0o600);
    expect(secret.uid).toBe(process.getuid?.());
    expect(secretOf(dataDir)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses the same through the private socket folder under /tmp (a DATA_DIR path too long for a socket)', async () => {
    const dataDir = join(dir, 'long-'.repeat(14));
    const socketDir = tmpSocketDir(clusterDir(dataDir));
    cleanup.push(socketDir);
    await withDatabase(dataDir, async () => {
      const folder = statSync(socketDir);
      expect(folder.mode & 0o777).toBe(0o700);
      expect(folder.uid).toBe(postgresOsUser()?.uid ?? process.getuid?.());
      const tried = await attempts(socketDir, dataDir);
      expect(tried.none).toMatchObject({ ok: false });
      expect(tried.guessed).toMatchObject({ ok: false, code: '28P01' });
      expect(tried.secret).toMatchObject({ ok: true });
    });
  });

  it('moves a DATA_DIR an earlier version made with trust to the secret on start, its data kept', async () => {
    const dataDir = join(dir, 'legacy');
    await legacyCluster(dataDir, "CREATE TABLE legacy (note text);\nINSERT INTO legacy VALUES ('kept');\n");
    expect(readFileSync(join(clusterDir(dataDir), 'pg_hba.conf'), 'utf8')).toMatch(
      /^local +all +all +trust/m,
    );

    await withDatabase(dataDir, async (db) => {
      expect(await db.query('SELECT note FROM legacy')).toEqual([{ note: 'kept' }]);
      const tried = await attempts(clusterDir(dataDir), dataDir);
      expect(tried.none).toMatchObject({ ok: false });
      expect(tried.guessed).toMatchObject({ ok: false, code: '28P01' });
      expect(tried.secret).toMatchObject({ ok: true });
    });
    const hba = readFileSync(join(clusterDir(dataDir), 'pg_hba.conf'), 'utf8');
    expect(hba).not.toMatch(/trust/);
    expect(hba).toMatch(/^local all all scram-sha-256$/m);

    // Started again: the same secret, nothing to move; a removed secret is replaced by a new one.
    const first = secretOf(dataDir);
    await withDatabase(dataDir, async (db) => {
      expect(await db.query('SELECT note FROM legacy')).toEqual([{ note: 'kept' }]);
    });
    expect(secretOf(dataDir)).toBe(first);
    rmSync(join(dataDir, SECRET_FILE));
    await withDatabase(dataDir, async (db) => {
      expect(await db.query('SELECT note FROM legacy')).toEqual([{ note: 'kept' }]);
      expect(
        await connectAs(postgresOsUser(), { host: clusterDir(dataDir), port: 5432, password: first }),
      ).toMatchObject({
        ok: false,
        code: '28P01',
      });
    });
    expect(secretOf(dataDir)).not.toBe(first);
  });
});
