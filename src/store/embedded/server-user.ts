import { existsSync, readFileSync, statSync } from 'node:fs';
import { StoreError } from '../../errors.js';

/** Who the embedded PostgreSQL server runs as; undefined: as this process's own user. */
export interface ServerUser {
  uid: number;
  gid: number;
}

/**
 * PostgreSQL refuses to run as root. A bot started as root runs its server as the owner of DATA_DIR
 * when that is not root, else as the `postgres` system user, else as `nobody`.
 */
export function serverUser(dataDir: string): ServerUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const owner = statSync(dataDir);
  const user =
    owner.uid !== 0 ? { uid: owner.uid, gid: owner.gid } : (passwdEntry('postgres') ?? passwdEntry('nobody'));
  if (!user) {
    throw new StoreError(
      'The embedded database cannot run as root and found no unprivileged user: run the bot as another user, create a "postgres" user, or set DATABASE_URL.',
    );
  }
  return user;
}

function passwdEntry(name: string): ServerUser | undefined {
  if (!existsSync('/etc/passwd')) return undefined;
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name && uid && gid) return { uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
}
