import { constants, type Stats } from 'node:fs';
import { type FileHandle, lstat, mkdir, open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { InsightsError } from '../errors.js';

/**
 * The file system side of imports, where an attacker who can write IMPORT_DIR meets the bot: links are
 * never followed, only regular files are read, and what the bot writes goes into folders of its own.
 */

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * The largest import read: Docker's exports of a 200,000-member organization are about 40 MB, so a file
 * past this is not an export, and reading it whole would only cost the bot its memory.
 */
export const IMPORT_MAX_BYTES = 100 * 1024 * 1024;

/**
 * The whole of an import file, read from one descriptor opened without following a link (a link named
 * `x.csv` pointing at a file the bot may read is refused, not read) and checked to be a regular file
 * (a FIFO would block the bot, a device never end). Non-blocking open: a FIFO is refused, not waited on.
 */
export async function readRegularFile(path: string): Promise<Buffer> {
  const name = basename(path);
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') {
      throw new InsightsError(
        'import_not_a_file',
        `${name} is a symbolic link, which the bot does not follow: import the file it points to.`,
      );
    }
    // The rest (ENOENT, EACCES…) keep their code and path: the CLI names the file and the fix.
    throw err;
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) {
      throw Object.assign(new Error(`${path} is a folder`), { code: 'EISDIR', path, syscall: 'read' });
    }
    if (!info.isFile()) {
      throw new InsightsError(
        'import_not_a_file',
        `${name} is ${kindOf(info)}, not a regular file: only regular files are imported.`,
      );
    }
    return await readAtMost(handle, info.size, name, IMPORT_MAX_BYTES);
  } finally {
    await handle.close();
  }
}

/** The file's bytes, refused past `max` — also one that grows while it is read. */
async function readAtMost(handle: FileHandle, size: number, name: string, max: number): Promise<Buffer> {
  const tooLarge = () =>
    new InsightsError(
      'import_too_large',
      `${name} is larger than ${max / 1024 / 1024} MB, far more than a Docker export: it was not imported.`,
    );
  if (size > max) throw tooLarge();
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of handle.createReadStream({ start: 0, end: max, autoClose: false })) {
    total += (chunk as Buffer).length;
    if (total > max) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, total);
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** A folder the bot writes into, held open so that swapping its name for a link afterwards changes nothing. */
export interface OwnFolder {
  /** Where to write: on Linux the open descriptor's path (/proc/self/fd/N), else the folder's path. */
  path: string;
  close(): Promise<void>;
}

/**
 * `parent/name`, made if missing, when it is a real folder (not a link) of the bot's own user; else
 * the reason it is refused, naming it.
 */
export async function openOwnFolder(parent: string, name: string): Promise<OwnFolder | { refused: string }> {
  const path = join(parent, name);
  await mkdir(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0) | NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ELOOP' && code !== 'EMLINK' && code !== 'ENOTDIR') throw err;
    // Linux says ENOTDIR for a link to a folder too: tell the two apart for the log line.
    const link = (await lstat(path).catch(() => undefined))?.isSymbolicLink();
    return { refused: `${path} ${link ? 'is a symbolic link' : 'is not a folder'}` };
  }
  const info = await handle.stat();
  const uid = process.getuid?.();
  if (!info.isDirectory() || (uid !== undefined && info.uid !== uid)) {
    await handle.close();
    return { refused: `${path} belongs to another user (uid ${info.uid})` };
  }
  return {
    path: process.platform === 'linux' ? `/proc/self/fd/${handle.fd}` : path,
    close: () => handle.close(),
  };
}
