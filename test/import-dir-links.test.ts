import { execFileSync } from 'node:child_process';
import {
  chownSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { copyFile, mkdtemp, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IMPORT_MAX_BYTES } from '../src/app/import-files.js';
import { watchImportDir } from '../src/app/import-watcher.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { type OpenedServices, openServices } from '../src/services.js';
import { memoryLogger } from './support/scout-store.js';

// Whoever can write IMPORT_DIR must not get the bot to read or write anything outside it.
const FIXTURES = new URL('./fixtures/imports/', import.meta.url).pathname;
const NOW = new Date('2026-11-21T08:00:00Z');
/** The name a file handled at NOW gets in imported/ or failed/. */
const moved = (name: string) => `2026-11-21T08-00-00-000Z-${name}`;

let core: OpenedServices;
let root: string;
let dir: string;
let elsewhere: string;
beforeEach(async () => {
  core = await openServices(
    loadConfig({ DOCKER_ORG: 'initech', DATA_DIR: 'memory://' }),
    createLogger({ level: 'silent' }),
  );
  root = await mkdtemp(join(tmpdir(), 'insights-import-links-'));
  dir = join(root, 'import');
  elsewhere = join(root, 'elsewhere');
  mkdirSync(dir);
  mkdirSync(elsewhere);
});
afterEach(async () => {
  await core.close();
  await rm(root, { recursive: true, force: true });
});

function watcher() {
  const log = memoryLogger();
  const w = watchImportDir({
    dir,
    importFile: (path) => core.imports.importFile({ path, by: 'import-dir' }, NOW),
    logger: log.logger,
    intervalMs: 60_000,
    now: () => NOW,
  });
  return { scan: w.scan, close: w.close, log: () => log.text().trim().split('\n').filter(Boolean) };
}

const members = async () =>
  Number(
    (await core.db.query<{ n: number }>("SELECT count(*) AS n FROM members WHERE org = 'initech'"))[0]?.n,
  );

describe('IMPORT_DIR and links', () => {
  it('does not follow a link dropped as a file to import: its target is neither read nor moved, and the refusal is logged', async () => {
    // A valid export the bot's user may read, but that was never put into IMPORT_DIR.
    const target = join(elsewhere, 'members.csv');
    await copyFile(join(FIXTURES, 'desktop-users.csv'), target);
    const before = readFileSync(target, 'utf8');
    symlinkSync(target, join(dir, 'users.csv'));

    const w = watcher();
    expect(await w.scan()).toEqual(['users.csv']);
    w.close();
    expect(await members()).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe(before);
    expect(readdirSync(elsewhere)).toEqual(['members.csv']);
    // The link itself went to failed/, with the reason beside it.
    expect(lstatSync(join(dir, 'failed', moved('users.csv'))).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'failed', `${moved('users.csv')}.error.txt`), 'utf8')).toMatch(
      /^users\.csv is a symbolic link, which the bot does not follow/,
    );
    const refused = w.log().filter((l) => l.includes('"users.csv is a symbolic link'));
    expect(refused).toHaveLength(1);
    expect(JSON.parse(refused[0] ?? '{}')).toMatchObject({ level: 'warn', file: 'users.csv' });
  });

  it('never writes an error note through a link planted in failed/', async () => {
    const victim = join(elsewhere, 'victim.conf');
    writeFileSync(victim, 'precious\n');
    mkdirSync(join(dir, 'failed'));
    // Both the name earlier versions wrote and the one this version writes.
    symlinkSync(victim, join(dir, 'failed', 'bad.csv.error.txt'));
    symlinkSync(victim, join(dir, 'failed', `${moved('bad.csv')}.error.txt`));
    await copyFile(join(FIXTURES, 'desktop-users-bad-date.csv'), join(dir, 'bad.csv'));

    const w = watcher();
    expect(await w.scan()).toEqual(['bad.csv']);
    w.close();
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(readFileSync(join(dir, 'failed', moved('bad.csv')), 'utf8')).toMatch(/^Name,Username/);
    const notWritten = w.log().filter((l) => l.includes('import error note not written'));
    expect(notWritten).toHaveLength(1);
    expect(JSON.parse(notWritten[0] ?? '{}')).toMatchObject({
      level: 'warn',
      file: `failed/${moved('bad.csv')}.error.txt`,
    });
  });

  it('leaves IMPORT_DIR alone while failed/ is a link or imported/ belongs to another user, naming it once', async () => {
    symlinkSync(elsewhere, join(dir, 'failed'));
    await copyFile(join(FIXTURES, 'desktop-users-bad-date.csv'), join(dir, 'bad.csv'));
    const w = watcher();
    expect(await w.scan()).toEqual([]);
    expect(await w.scan()).toEqual([]);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['bad.csv', 'failed', 'imported']);
    const refused = w.log().filter((l) => l.includes('IMPORT_DIR left as it is'));
    expect(refused).toHaveLength(1);
    expect(JSON.parse(refused[0] ?? '{}')).toMatchObject({
      level: 'warn',
      refused: `${join(dir, 'failed')} is a symbolic link`,
    });

    // Another local user's imported/ (here `nobody`'s): refused the same way, nothing imported.
    await rm(join(dir, 'failed'));
    const nobody = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
    chownSync(join(dir, 'imported'), nobody, nobody);
    await copyFile(join(FIXTURES, 'desktop-users.csv'), join(dir, 'users.csv'));
    expect(await w.scan()).toEqual([]);
    w.close();
    expect(await members()).toBe(0);
    expect(w.log().filter((l) => l.includes('IMPORT_DIR left as it is'))).toHaveLength(2);
    expect(w.log().at(-1)).toContain(
      `"refused":"${join(dir, 'imported')} belongs to another user (uid ${nobody})"`,
    );
  });

  it('refuses a named pipe at once instead of waiting on it, from the CLI path too', async () => {
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    await expect(core.imports.importFile({ path: fifo, by: 'cli' }, NOW)).rejects.toThrow(
      'pipe.csv is a named pipe, not a regular file: only regular files are imported.',
    );
    const w = watcher();
    expect(await w.scan()).toEqual(['pipe.csv']);
    w.close();
    expect(lstatSync(join(dir, 'failed', moved('pipe.csv'))).isFIFO()).toBe(true);
  });

  it('refuses a file far larger than any export without reading it into memory', async () => {
    // A sparse file: 150 MB to the bot, no disk space here.
    const huge = join(dir, 'huge.csv');
    writeFileSync(huge, '');
    await truncate(huge, IMPORT_MAX_BYTES + 50 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    const w = watcher();
    expect(await w.scan()).toEqual(['huge.csv']);
    w.close();
    expect(process.memoryUsage().rss - before).toBeLessThan(IMPORT_MAX_BYTES / 2);
    expect(readFileSync(join(dir, 'failed', `${moved('huge.csv')}.error.txt`), 'utf8')).toBe(
      'huge.csv is larger than 100 MB, far more than a Docker export: it was not imported.\n',
    );
    expect(await members()).toBe(0);
  });
});
