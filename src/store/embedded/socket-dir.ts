import { createHash } from 'node:crypto';
import { chownSync, lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreError } from '../../errors.js';
import type { ServerUser } from './server-user.js';

/**
 * The socket lives in the cluster folder unless that path is too long for a Unix socket (about 100
 * bytes); then in a folder under the temporary directory named after the cluster's path, so a second
 * bot process on the same DATA_DIR finds it. That name can be predicted: another user may have made
 * the folder first (open to all, with a listener of theirs in it). It is used only when it is a real
 * folder of the server's user with mode 0700 — else the bot does not start.
 */
export function socketDirFor(cluster: string, user: ServerUser | undefined, port: number): string {
  if (Buffer.byteLength(join(cluster, `.s.PGSQL.${port}`)) < 100) return cluster;
  const dir = tmpSocketDir(cluster);
  try {
    // Not recursive: an existing folder (or link) must fail here and be looked at below.
    mkdirSync(dir, { mode: 0o700 });
    if (user) chownSync(dir, user.uid, user.gid);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  assertPrivateFolder(dir, user?.uid ?? process.getuid?.());
  return dir;
}

/** The socket folder under the temporary directory for a cluster whose own path is too long. */
export const tmpSocketDir = (cluster: string) =>
  join(tmpdir(), `insights-pg-${createHash('sha256').update(cluster).digest('hex').slice(0, 16)}`);

function assertPrivateFolder(dir: string, owner: number | undefined): void {
  const info = lstatSync(dir);
  const mode = info.mode & 0o777;
  const problem = info.isSymbolicLink()
    ? 'is a symbolic link'
    : !info.isDirectory()
      ? 'is not a folder'
      : owner !== undefined && info.uid !== owner
        ? `belongs to another user (uid ${info.uid}, not ${owner})`
        : mode !== 0o700
          ? `is open to other users (mode ${mode.toString(8)}, not 700)`
          : undefined;
  if (!problem) return;
  throw new StoreError(
    `The embedded database's socket folder ${dir} ${problem}, so another user could listen in the bot's place: remove it (or set DATA_DIR to a shorter path, whose socket stays in the cluster folder) and start the bot again.`,
  );
}
