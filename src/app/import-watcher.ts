import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logger.js';
import { scrub } from '../logger.js';
import type { ImportOutcome } from './imports.js';

const IMPORTABLE = /\.(csv|json)$/i;

export interface ImportWatcherOptions {
  dir: string;
  /** Imports one file, all or nothing (the Core's importFile). */
  importFile: (path: string) => Promise<ImportOutcome>;
  logger: Logger;
  /** How often the folder is read; files are picked up within this (default 2 s). */
  intervalMs?: number;
}

/**
 * Watches IMPORT_DIR: each new .csv/.json file is imported once, then moved to `imported/` (or to
 * `failed/` with a `.error.txt` that names the line and column). Polling, because fs.watch misses
 * events on network and container volumes.
 */
export function watchImportDir(options: ImportWatcherOptions): { scan(): Promise<string[]>; close(): void } {
  const log = options.logger.child({ subsystem: 'import-dir' });
  let running: Promise<string[]> | undefined;

  const scanOnce = async (): Promise<string[]> => {
    const handled: string[] = [];
    const names = (await readdir(options.dir).catch(() => [] as string[]))
      .filter((n) => IMPORTABLE.test(n))
      .sort();
    for (const name of names) {
      const path = join(options.dir, name);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) continue;
      try {
        const outcome = await options.importFile(path);
        log.info({ file: name, ...outcome }, 'import file handled');
        await moveTo(options.dir, 'imported', name);
      } catch (err) {
        const message = scrub(err instanceof Error ? err.message : String(err));
        log.warn({ file: name, error: message }, 'import file rejected');
        await moveTo(options.dir, 'failed', name);
        await writeFile(join(options.dir, 'failed', `${name}.error.txt`), `${message}\n`);
      }
      handled.push(name);
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

async function moveTo(dir: string, sub: string, name: string): Promise<void> {
  await mkdir(join(dir, sub), { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  await rename(join(dir, name), join(dir, sub, `${stamp}-${name}`));
}
