import {
  accessSync,
  chownSync,
  constants,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { StoreError } from '../../errors.js';
import { findBinaries } from './binaries.js';
import {
  assertNoPgliteFolder,
  clusterDir,
  ensureCluster,
  isAlive,
  reachFolder,
  readPostmasterPid,
  SUPERUSER,
  setPassword,
} from './cluster.js';
import { hbaIsCurrent, readOrCreateSecret } from './secret.js';
import { type ServerUser, serverUser } from './server-user.js';
import { socketDirFor } from './socket-dir.js';
import { type OwnedServer, startWatchedServer } from './watchdog.js';

/** Where the bot's pool connects: the server's Unix socket (it listens on no TCP port at all). */
export interface EmbeddedConnection {
  host: string;
  port: number;
  user: string;
  database: string;
  /** The DATA_DIR's secret (DATA_DIR/postgres.secret): the server asks for it (SCRAM). */
  password: string;
}

export interface EmbeddedServer {
  readonly connection: EmbeddedConnection;
  /** Makes sure a server runs on the cluster (again: the process whose server we used may have stopped it). */
  ensure(): Promise<void>;
  /** This user is done; the last one in the process stops the server it started. */
  release(): Promise<void>;
}

/** The socket's port number: only its file name (`.s.PGSQL.5432`), in a folder of this cluster's own. */
const PORT = 5432;
const START_TIMEOUT_MS = 30_000;

interface Cluster {
  dataDir: string;
  cluster: string;
  socketDir: string;
  user: ServerUser | undefined;
  password: string;
  /** The secret is new but the cluster is not: the cluster gets it before its server starts. */
  passwordPending: boolean;
  durable: boolean;
  cleanup?: string;
  refs: number;
  owned?: OwnedServer;
  ensuring?: Promise<void>;
  onLine?: (line: string) => void;
}

const clusters = new Map<string, Cluster>();

/**
 * The embedded PostgreSQL server of a DATA_DIR: the one already running there (another bot process
 * on the same folder started it), or one this process starts and stops. `memory://` is a throwaway
 * cluster in a temporary folder, one per process, shared by every `memory://` database it opens.
 */
export async function openEmbeddedServer(
  dataDir: string,
  onLine?: (line: string) => void,
): Promise<EmbeddedServer> {
  const key = dataDir.startsWith('memory://') ? 'memory://' : resolve(dataDir);
  let c = clusters.get(key);
  if (!c) {
    c = key === 'memory://' ? throwawayCluster() : folderCluster(key);
    clusters.set(key, c);
  }
  c.onLine ??= onLine;
  c.refs += 1;
  const cluster = c;
  try {
    await ensure(cluster);
  } catch (err) {
    cluster.refs -= 1;
    if (cluster.refs === 0 && !cluster.owned) clusters.delete(key);
    throw err;
  }
  return {
    connection: {
      host: cluster.socketDir,
      port: PORT,
      user: SUPERUSER,
      database: SUPERUSER,
      password: cluster.password,
    },
    ensure: () => ensure(cluster),
    async release() {
      cluster.refs -= 1;
      // The throwaway cluster lives as long as the process (its watchdog removes it).
      if (cluster.refs > 0 || cluster.cleanup) return;
      clusters.delete(key);
      await cluster.owned?.stop();
    },
  };
}

function folderCluster(dataDir: string): Cluster {
  // Made by the bot: its own user's alone (the cluster inside belongs to the server's user).
  assertWritable(dataDir);
  assertNoPgliteFolder(dataDir);
  const user = serverUser(dataDir);
  const cluster = clusterDir(dataDir);
  const secret = readOrCreateSecret(dataDir);
  return {
    dataDir,
    cluster,
    socketDir: socketDirFor(cluster, user, PORT),
    user,
    password: secret.password,
    passwordPending: secret.created,
    durable: true,
    refs: 0,
  };
}

function throwawayCluster(): Cluster {
  const dataDir = mkdtempSync(join(tmpdir(), 'insights-db-'));
  const secret = readOrCreateSecret(dataDir);
  const user = serverUser(dataDir);
  if (user) chownSync(dataDir, user.uid, user.gid);
  const cluster = clusterDir(dataDir);
  return {
    dataDir,
    cluster,
    socketDir: cluster,
    user,
    password: secret.password,
    passwordPending: false,
    durable: false,
    cleanup: dataDir,
    refs: 0,
  };
}

function ensure(c: Cluster): Promise<void> {
  if (c.owned && !c.owned.exited) return Promise.resolve();
  c.ensuring ??= start(c).finally(() => {
    c.ensuring = undefined;
  });
  return c.ensuring;
}

async function start(c: Cluster): Promise<void> {
  const binaries = await findBinaries();
  const created = await ensureCluster(c.dataDir, binaries, c.user, {
    durable: c.durable,
    password: c.password,
  });
  if (created) c.passwordPending = false;
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const running = readPostmasterPid(c.cluster);
    if (running && isAlive(running.pid)) {
      if (!isPostmasterOf(running.pid, c.cluster)) {
        // A lock file left by a server that died with its machine or container, its PID since reused.
        rmSync(join(c.cluster, 'postmaster.pid'), { force: true });
        continue;
      }
      // Another process's server: use it once it is ready; wait while it starts or stops.
      if (running.status === 'ready') return;
      await delay(50);
      continue;
    }
    // No server (a stale lock file of a dead one is PostgreSQL's own to clear): start ours, on a
    // cluster that asks for the password.
    if (c.passwordPending || !hbaIsCurrent(c.cluster)) {
      const settings = serverSettings(c.durable);
      if (!(await setPassword(c.cluster, binaries, c.user, { password: c.password, settings }))) {
        await delay(50);
        continue;
      }
      c.passwordPending = false;
    }
    const folder = reachFolder(c.cluster, c.user);
    const socketDir = c.socketDir === c.cluster ? folder.path : c.socketDir;
    const owned = await startWatchedServer({
      postgres: binaries.postgres,
      args: ['-D', folder.path, '-k', socketDir, ...serverSettings(c.durable)],
      cwd: '/',
      user: c.user,
      ...(folder.fd === undefined ? {} : { fd: folder.fd }),
      ...(c.cleanup ? { cleanup: c.cleanup } : {}),
      onLine: (line) => c.onLine?.(line),
    }).finally(() => folder.close());
    if (owned) {
      c.owned = owned;
      return;
    }
  }
  throw new StoreError(
    `The embedded PostgreSQL server in ${c.cluster} did not become ready in ${START_TIMEOUT_MS / 1000} s.`,
  );
}

/**
 * True unless /proc says the process is something else: a PID reused after a crash, by any program
 * or by a postmaster of another cluster (a postmaster works in its cluster folder).
 */
function isPostmasterOf(pid: number, cluster: string): boolean {
  try {
    return realpathSync(readlinkSync(`/proc/${pid}/cwd`)) === realpathSync(cluster);
  } catch {
    // Another user's process and we are not root, or no /proc: its name is all there is.
  }
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
  } catch {
    return true;
  }
}

/**
 * A small server: no TCP listener, a few connections, small shared buffers, no parallel workers or
 * replication. Durable clusters keep PostgreSQL's defaults for fsync and synchronous commit (a
 * committed row survives even a crash of the machine); the throwaway one skips them.
 */
function serverSettings(durable: boolean): string[] {
  const settings: Record<string, string> = {
    listen_addresses: '',
    port: String(PORT),
    unix_socket_permissions: '0700',
    max_connections: durable ? '25' : '100',
    shared_buffers: '8MB',
    maintenance_work_mem: '16MB',
    max_worker_processes: '0',
    max_parallel_workers: '0',
    max_parallel_workers_per_gather: '0',
    max_logical_replication_workers: '0',
    max_wal_senders: '0',
    max_replication_slots: '0',
    wal_level: 'minimal',
    io_method: 'sync',
    autovacuum_max_workers: '1',
    max_wal_size: '256MB',
    min_wal_size: '32MB',
    huge_pages: 'off',
    timezone: 'UTC',
    log_timezone: 'UTC',
    log_line_prefix: '',
    log_checkpoints: 'off',
    ...(durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
  };
  return Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
}

/**
 * DATA_DIR must be the bot's to write (a root-owned bind mount on `/data` in the image is not): one
 * sentence saying so, instead of initdb's stack trace.
 */
function assertWritable(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    accessSync(dataDir, constants.W_OK | constants.X_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EROFS')
      throw new StoreError(`cannot write DATA_DIR=${dataDir}: the file system is read-only.`);
    if (code !== 'EACCES' && code !== 'EPERM') throw err;
    const uid = process.getuid?.() ?? 'of the bot';
    throw new StoreError(
      `cannot write DATA_DIR=${dataDir}: it must be writable by uid ${uid}, which the bot runs as (\`chown ${uid}\` the folder mounted there, use a named volume, or set DATABASE_URL).`,
    );
  }
}
