import { lstat, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logger.js';
import { scrub } from '../logger.js';
import { type OwnFolder, openOwnFolder } from './import-files.js';
import type { ImportOutcome } from './imports.js';

const IMPORTABLE = /\.(csv|json)$/i;

export interface ImportWatcherOptions {
  dir: string;
  /** Imports one file, all or nothing (the Core's importFile, which reads it without following links). */
  importFile: (path: string) => Promise<ImportOutcome>;
  logger: Logger;
  /** How often the folder is read; files are picked up within this (default 2 s). */
  intervalMs?: number;
  /** The clock that stamps moved files' names (tests fix it). */
  now?: () => Date;
}

/**
 * Watches IMPORT_DIR: each new .csv/.json file is imported once, then moved to `imported/` (or to
 * `failed/` with a `.error.txt` that names the line and column). Polling, because fs.watch misses
 * events on network and container volumes. Whoever can write IMPORT_DIR must not make the bot write
 * elsewhere: a link is refused (and moved to `failed/` itself, not its target), `imported/` and
 * `failed/` are used only as real folders of the bot's user, and an error note never replaces a file.
 */
export function watchImportDir(options: ImportWatcherOptions): { scan(): Promise<string[]>; close(): void } {
  const log = options.logger.child({ subsystem: 'import-dir' });
  const now = options.now ?? (() => new Date());
  let running: Promise<string[]> | undefined;
  /** The refusal last logged: a folder that stays wrong is named once, not every scan. */
  let refusal: string | undefined;

  const scanOnce = async (): Promise<string[]> => {
    const names = (await readdir(options.dir).catch(() => [] as string[]))
      .filter((n) => IMPORTABLE.test(n))
      .sort();
    if (names.length === 0) return [];
    const folders = await openFolders(options.dir);
    if ('refused' in folders) {
      if (folders.refused !== refusal) {
        log.warn(
          { refused: folders.refused },
          "IMPORT_DIR left as it is: its imported/ and failed/ must be real folders of the bot's user",
        );
      }
      refusal = folders.refused;
      return [];
    }
    refusal = undefined;
    const handled: string[] = [];
    try {
      for (const name of names) {
        const path = join(options.dir, name);
        const info = await lstat(path).catch(() => undefined);
        if (!info || info.isDirectory()) continue;
        const moved = `${now().toISOString().replace(/[:.]/g, '-')}-${name}`;
        try {
          const outcome = await options.importFile(path);
          log.info({ file: name, ...outcome }, 'import file handled');
          await rename(path, join(folders.imported.path, moved));
        } catch (err) {
          const message = scrub(err instanceof Error ? err.message : String(err));
          log.warn({ file: name, error: message }, 'import file rejected');
          // rename moves a link itself, never its target.
          await rename(path, join(folders.failed.path, moved));
          await writeNote(folders.failed.path, `${moved}.error.txt`, message, log);
        }
        handled.push(name);
      }
    } finally {
      await folders.close();
    }
    return handled;
  };

  const scan = () => {
    running ??= scanOnce().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => {
    scan().catch((err: unknown) => log.error({ err }, 'import folder scan failed'));
  }, options.intervalMs ?? 2000);
  timer.unref();
  return { scan, close: () => clearInterval(timer) };
}

async function openFolders(
  dir: string,
): Promise<{ imported: OwnFolder; failed: OwnFolder; close(): Promise<void> } | { refused: string }> {
  const imported = await openOwnFolder(dir, 'imported');
  if ('refused' in imported) return imported;
  const failed = await openOwnFolder(dir, 'failed');
  if ('refused' in failed) {
    await imported.close();
    return failed;
  }
  return {
    imported,
    failed,
    close: async () => {
      await imported.close();
      await failed.close();
    },
  };
}

/** Created, never opened: an existing name (a link someone planted) is left alone and named. */
async function writeNote(folder: string, name: string, message: string, log: Logger): Promise<void> {
  try {
    await writeFile(join(folder, name), `${message}\n`, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    log.warn(
      { file: `failed/${name}` },
      'import error note not written: that name exists already (not replaced)',
    );
  }
}
