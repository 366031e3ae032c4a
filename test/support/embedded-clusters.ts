import { execFile, spawn } from 'node:child_process';
import { chownSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { findBinaries } from '../../src/store/embedded/binaries.js';
import { clusterDir } from '../../src/store/embedded/cluster.js';
import { type ServerUser, serverUser } from '../../src/store/embedded/server-user.js';

/**
 * A DATA_DIR as versions before SCRAM left it: initdb with `trust` (anyone who reaches the socket is
 * let in, no password set), no secret file, and `sql` run in it (single-user mode, no socket).
 */
export async function legacyCluster(dataDir: string, sql: string): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const user = serverUser(dataDir);
  const cluster = clusterDir(dataDir);
  mkdirSync(cluster, { mode: 0o700 });
  if (user) chownSync(cluster, user.uid, user.gid);
  const { initdb, postgres } = await findBinaries();
  const args = [
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--no-locale',
    '--no-instructions',
    '--no-sync',
  ];
  await runAsServer(initdb, ['-D', '/proc/self/fd/3', ...args], cluster, user);
  await runAsServer(postgres, ['--single', '-D', '/proc/self/fd/3', 'postgres'], cluster, user, sql);
}

/** As the embedded server does: the server user reaches the cluster through a descriptor (fd 3). */
function runAsServer(
  file: string,
  args: string[],
  cluster: string,
  user: ServerUser | undefined,
  input?: string,
): Promise<void> {
  const fd = openSync(cluster, 'r');
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: '/',
      env: { PATH: process.env.PATH ?? '', LC_ALL: 'C' },
      stdio: ['pipe', 'ignore', 'pipe', fd],
      ...user,
    });
    closeSync(fd);
    child.stdin?.end(input ?? '');
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${file}: ${stderr}`))));
  });
}

/** The OS user a local attacker would be: the embedded server's own (`postgres` when tests run as root). */
export function postgresOsUser(): ServerUser | undefined {
  return process.getuid?.() === 0 ? serverUser('/') : undefined;
}

export type Attempt = { ok: true; user: string } | { ok: false; code?: string; message: string };

const PG = createRequire(import.meta.url).resolve('pg');

/**
 * Connects to an embedded server's socket with `pg` from another process, run as `as` (another OS
 * user) — what any program of that user could do — and reports whether the server let it in.
 */
export function connectAs(
  as: ServerUser | undefined,
  target: { host: string; port: number; password?: string },
): Promise<Attempt> {
  const script = `
const pg = require(${JSON.stringify(PG)});
const client = new pg.Client({ host: ${JSON.stringify(target.host)}, port: ${target.port}, user: 'postgres', database: 'postgres'${
    target.password === undefined ? '' : `, password: ${JSON.stringify(target.password)}`
  } });
client.connect()
  .then(() => client.query('SELECT current_user AS u'))
  .then((r) => console.log(JSON.stringify({ ok: true, user: r.rows[0].u })))
  .catch((err) => console.log(JSON.stringify({ ok: false, code: err.code, message: err.message })))
  // A refused client may keep its socket open: done either way (stdout to a pipe is written at once).
  .finally(() => process.exit(0));`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', script],
      { cwd: '/', env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent' }, ...as },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${err.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim()) as Attempt);
      },
    );
  });
}
