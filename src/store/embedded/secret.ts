import { randomBytes } from 'node:crypto';
import {
  chownSync,
  closeSync,
  constants,
  fstatSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { StoreError } from '../../errors.js';
import type { ServerUser } from './server-user.js';

/**
 * The password of the embedded cluster's superuser: the server asks every connection for it (SCRAM),
 * so reaching the socket is not enough — another process of the server's user (the shared `postgres`
 * user when the bot runs as root) cannot read the bot's tables. It lives beside the cluster, readable
 * by the bot's user only; a second bot process on the same DATA_DIR reads it from there.
 */
export const SECRET_FILE = 'postgres.secret';

export interface ClusterSecret {
  password: string;
  /** Made by this call: an existing cluster does not know it yet (see setPassword). */
  created: boolean;
}

/** The DATA_DIR's secret, made once (32 random bytes) and written so that no half file is ever read. */
export function readOrCreateSecret(dataDir: string): ClusterSecret {
  const file = join(dataDir, SECRET_FILE);
  const existing = readSecret(file);
  if (existing) return { password: existing, created: false };
  const password = randomBytes(32).toString('base64url');
  const temp = `${file}.${randomBytes(6).toString('hex')}`;
  // `wx`: never through a link someone planted; then linked into place, which fails if another bot won.
  writeFileSync(temp, `${password}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const theirs = readSecret(file);
    if (!theirs) throw err;
    return { password: theirs, created: false };
  } finally {
    unlinkSync(temp);
  }
  return { password, created: true };
}

function readSecret(file: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP')
      throw new StoreError(`${file} is a symbolic link: remove it and start the bot again.`);
    throw new StoreError(`cannot read ${file} (${(err as Error).message})`, { cause: err });
  }
  try {
    const info = fstatSync(fd);
    const uid = process.getuid?.();
    if (!info.isFile() || (uid !== undefined && info.uid !== uid) || (info.mode & 0o077) !== 0) {
      throw new StoreError(
        `${file} must be a file of the bot's own user that no one else may read (mode 0600; it is ${(info.mode & 0o777).toString(8)}, uid ${info.uid}): fix it with chown and chmod 600, or remove it to make a new one.`,
      );
    }
    const secret = readFileSync(fd, 'utf8').trim();
    if (!/^[\x21-\x7e]{16,}$/.test(secret)) {
      throw new StoreError(
        `${file} does not hold a password the bot made (one line of at least 16 visible ASCII characters): remove it to make a new one.`,
      );
    }
    return secret;
  } finally {
    closeSync(fd);
  }
}

/** The only way in: the Unix socket (the server listens on no TCP port), with the password. */
export const HBA = `# Written by Insights Bot: connections through the Unix socket only, with the password in DATA_DIR/${SECRET_FILE} (SCRAM).
local all all scram-sha-256
`;

/** False for a cluster made by an earlier version (trust: no password asked) or edited since. */
export function hbaIsCurrent(cluster: string): boolean {
  try {
    return readFileSync(join(cluster, 'pg_hba.conf'), 'utf8') === HBA;
  } catch {
    return false;
  }
}

/** Replaces pg_hba.conf in one step (a new file renamed over it), owned by the server's user. */
export function writeHba(cluster: string, user: ServerUser | undefined): void {
  const file = join(cluster, 'pg_hba.conf');
  const temp = `${file}.${randomBytes(6).toString('hex')}`;
  writeFileSync(temp, HBA, { mode: 0o600, flag: 'wx' });
  if (user) chownSync(temp, user.uid, user.gid);
  renameSync(temp, file);
}
