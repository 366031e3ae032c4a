import { spawn } from 'node:child_process';
import {
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { StoreError } from '../../errors.js';
import type { PostgresBinaries } from './binaries.js';
import { writeHba } from './secret.js';
import type { ServerUser } from './server-user.js';

/** The PostgreSQL cluster lives in `DATA_DIR/postgres`; DATA_DIR itself stays free for other files. */
export const clusterDir = (dataDir: string) => join(dataDir, 'postgres');

/** The superuser initdb creates, and the database the bot uses. */
export const SUPERUSER = 'postgres';

/** Earlier versions kept a PGlite database (a PostgreSQL folder built for WebAssembly) in DATA_DIR itself. */
export function assertNoPgliteFolder(dataDir: string): void {
  if (!existsSync(join(dataDir, 'PG_VERSION'))) return;
  throw new StoreError(
    `DATA_DIR ${dataDir} holds the PGlite database of an earlier Insights Bot, which this version cannot open: move it aside (for example \`mv ${dataDir} ${dataDir}.pglite\`) to start with a fresh database and sync again, or set DATA_DIR to another folder.`,
  );
}

/**
 * Creates the cluster once (initdb), its superuser's password the DATA_DIR's secret. initdb writes
 * into a folder of its own that is renamed into place when complete, so a bot killed during initdb,
 * or two bots starting at once, leave no half cluster.
 */
export async function ensureCluster(
  dataDir: string,
  binaries: PostgresBinaries,
  user: ServerUser | undefined,
  options: { durable: boolean; password: string },
): Promise<boolean> {
  const cluster = clusterDir(dataDir);
  if (existsSync(join(cluster, 'PG_VERSION'))) return false;
  if (existsSync(cluster)) {
    throw new StoreError(
      `${cluster} is not a PostgreSQL cluster (no PG_VERSION): move it aside so the bot can create its database there.`,
    );
  }
  removeAbandonedInits(dataDir);
  // staging/pwfile for initdb (as the server user, who may reach it only through the folder's descriptor), staging/cluster its output.
  const staging = join(dataDir, `postgres.init-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { mode: 0o700 });
  writeFileSync(join(staging, 'pwfile'), `${options.password}\n`, { mode: 0o600, flag: 'wx' });
  if (user) {
    chownSync(staging, user.uid, user.gid);
    chownSync(join(staging, 'pwfile'), user.uid, user.gid);
  }
  const folder = reachFolder(staging, user);
  const args = [
    '-D',
    `${folder.path}/cluster`,
    '-U',
    SUPERUSER,
    '--pwfile',
    `${folder.path}/pwfile`,
    '-A',
    'scram-sha-256',
    '-E',
    'UTF8',
    '--no-locale',
    '--no-instructions',
  ];
  if (!options.durable) args.push('--no-sync');
  try {
    await run(binaries.initdb, args, folder, user);
    writeHba(join(staging, 'cluster'), user);
    renameSync(join(staging, 'cluster'), cluster);
  } catch (err) {
    // Another process created the cluster first: use theirs.
    if (existsSync(join(cluster, 'PG_VERSION'))) return false;
    throw err;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return true;
}

/**
 * Gives an existing cluster the DATA_DIR's secret and the password-only pg_hba.conf: one made by an
 * earlier version (trust: anyone who reached the socket was let in), or one whose secret was removed.
 * The server runs in single-user mode for this (no socket, no one else connected), so at no moment
 * does a server accept connections without the password. Resolves false when a server (another
 * process's) holds the cluster.
 */
export async function setPassword(
  cluster: string,
  binaries: PostgresBinaries,
  user: ServerUser | undefined,
  options: { password: string; settings: string[] },
): Promise<boolean> {
  const folder = reachFolder(cluster, user);
  try {
    await run(
      binaries.postgres,
      ['--single', '-D', folder.path, ...options.settings, SUPERUSER],
      folder,
      user,
      // One statement per line: the secret has no spaces or line breaks (readSecret checks).
      { input: `ALTER ROLE ${SUPERUSER} PASSWORD '${options.password.replaceAll("'", "''")}'\n` },
    );
  } catch (err) {
    if (err instanceof StoreError && /lock file .* already exists/.test(err.message)) return false;
    throw err;
  }
  writeHba(cluster, user);
  return true;
}

/** A folder as the server user reaches it: its path, or an open descriptor of it (then passed as fd 3). */
export interface ReachedFolder {
  path: string;
  fd?: number;
  close(): void;
}

/**
 * A bot running as root runs its server as another user, who may not pass through DATA_DIR's parent
 * folders (a home folder, a temporary folder, both mode 0700). On Linux the bot opens the folder and
 * hands the descriptor over: /proc/self/fd/3 leads the server straight into it.
 */
export function reachFolder(dir: string, user: ServerUser | undefined): ReachedFolder {
  if (!user || process.platform !== 'linux') return { path: dir, close: () => undefined };
  const fd = openSync(dir, 'r');
  return { path: '/proc/self/fd/3', fd, close: () => closeSync(fd) };
}

function removeAbandonedInits(dataDir: string): void {
  for (const entry of readdirSync(dataDir)) {
    const pid = /^postgres\.init-(\d+)$/.exec(entry)?.[1];
    if (pid && !isAlive(Number(pid))) rmSync(join(dataDir, entry), { recursive: true, force: true });
  }
}

function run(
  file: string,
  args: string[],
  folder: ReachedFolder,
  user: ServerUser | undefined,
  options: { input?: string } = {},
): Promise<void> {
  const what = args[0] === '--single' ? 'postgres --single' : 'initdb';
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: '/',
      env: serverEnv(),
      stdio: [
        options.input === undefined ? 'ignore' : 'pipe',
        'ignore',
        'pipe',
        ...(folder.fd === undefined ? [] : [folder.fd]),
      ],
      ...user,
    });
    folder.close();
    child.stdin?.end(options.input);
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      // Single-user mode reports a failed statement on stderr and still exits 0.
      if (code === 0 && !/^ERROR:/m.test(stderr)) resolve();
      else {
        const lines = stderr.trim().split('\n');
        const reason = lines.filter((l) => /^(FATAL|PANIC|ERROR):/.test(l)).at(-1) ?? lines.at(-1) ?? '';
        reject(new StoreError(`${what} failed (exit ${code}): ${reason}`));
      }
    });
  });
}

/** The server's environment: messages in English (the bot reads the ready line), nothing else inherited. */
export function serverEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', LANG: 'C' };
}

export interface PostmasterPid {
  pid: number;
  port: number;
  socketDir: string;
  /** `starting`, `ready`, `stopping` or `standby` (PostgreSQL's own lock file, line 8). */
  status: string;
}

/** What `postmaster.pid` says about the server running on this cluster, if any. */
export function readPostmasterPid(cluster: string): PostmasterPid | undefined {
  let text: string;
  try {
    text = readFileSync(join(cluster, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return {
    pid,
    port: Number(lines[3]),
    socketDir: lines[4] ?? '',
    status: (lines[7] ?? '').trim(),
  };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive, but another user's (the server user's, for a bot running as someone else).
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
