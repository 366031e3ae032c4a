import { type ChildProcess, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { StoreError } from '../../errors.js';
import { serverEnv } from './cluster.js';
import type { ServerUser } from './server-user.js';

/**
 * The postmaster runs under a small shell whose stdin is a pipe from the bot. When the bot exits in
 * any way (SIGKILL included) the pipe closes, `read` returns, and the shell asks the server for a fast
 * shutdown (SIGINT: open transactions roll back, committed ones are already in the WAL), waits for it,
 * and removes a throwaway cluster. So no server outlives its bot.
 * $1: folder to remove after the server stopped ('' for none); the rest: the postmaster and its arguments.
 */
const WATCHDOG = `cleanup=$1; shift
exec 9<&0
"$@" &
pid=$!
{ read _ <&9; kill -INT "$pid" 2>/dev/null; } &
reader=$!
wait "$pid"; code=$?
kill "$reader" 2>/dev/null
[ -n "$cleanup" ] && rm -rf "$cleanup"
exit $code`;

export interface OwnedServer {
  readonly exited: boolean;
  /** Fast shutdown; resolves once the server and its watchdog have exited. */
  stop(): Promise<void>;
}

export interface ServerLaunch {
  postgres: string;
  args: string[];
  cwd: string;
  user: ServerUser | undefined;
  /** Handed to the server as its fd 3 (the cluster folder, see reachFolder). */
  fd?: number;
  /** Removed by the watchdog once the server stopped (a throwaway cluster). */
  cleanup?: string;
  /** The server's log lines after it is ready ("LOG:  …", "FATAL:  …"). */
  onLine?: (line: string) => void;
}

const READY = 'database system is ready to accept connections';

/**
 * Starts the postmaster under the watchdog and resolves when it accepts connections; resolves
 * undefined when another postmaster holds the cluster's lock file (another process won the race).
 */
export function startWatchedServer(launch: ServerLaunch): Promise<OwnedServer | undefined> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      '/bin/sh',
      ['-c', WATCHDOG, 'insights-db-watchdog', launch.cleanup ?? '', launch.postgres, ...launch.args],
      {
        cwd: launch.cwd,
        env: serverEnv(),
        stdio: ['pipe', 'ignore', 'pipe', ...(launch.fd === undefined ? [] : [launch.fd])],
        // Its own process group: Ctrl-C reaches the bot, which then stops the server in order.
        detached: true,
        ...launch.user,
      },
    );
    let ready = false;
    let exited = false;
    let stopping = false;
    const tail: string[] = [];
    const done = new Promise<void>((r) => child.once('exit', () => r()));
    const owned: OwnedServer = {
      get exited() {
        return exited;
      },
      async stop() {
        if (exited) return;
        // Its shutdown lines ("terminating connection due to administrator command") are expected.
        stopping = true;
        // Keep the event loop alive until the server has stopped.
        child.ref();
        child.stdin?.end();
        await done;
      },
    };
    child.once('error', (err) =>
      reject(new StoreError(`cannot start the embedded PostgreSQL server: ${err.message}`)),
    );
    child.once('exit', () => {
      exited = true;
      if (ready) return;
      if (tail.some((l) => l.includes('lock file') && l.includes('already exists'))) resolve(undefined);
      else {
        const reason =
          tail.filter((l) => /^(FATAL|PANIC|ERROR):/.test(l)).at(-1) ?? tail.at(-1) ?? 'no output';
        reject(new StoreError(`The embedded PostgreSQL server did not start: ${reason}`));
      }
    });
    const stderr = child.stderr as Socket;
    createInterface({ input: stderr }).on('line', (line) => {
      if (ready) {
        if (!stopping) launch.onLine?.(line);
        return;
      }
      tail.push(line);
      if (tail.length > 20) tail.shift();
      if (!line.includes(READY)) return;
      ready = true;
      // From now on neither the server nor its pipes keep the bot's event loop alive.
      child.unref();
      (child.stdin as Socket | null)?.unref();
      stderr.unref();
      resolve(owned);
    });
  });
}
