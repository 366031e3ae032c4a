#!/usr/bin/env node
/**
 * `npm run build` (and the first step of `npm start`): src/ → dist/, only when something changed.
 *
 * The inputs (src/, the tsconfigs, package.json and its lock file) are hashed by content; the hash of
 * the last build is kept in dist/.build-stamp. Same hash: nothing is compiled or copied, so a restart
 * takes the bot's own start-up time instead of a full compile. Otherwise `tsc` compiles incrementally
 * (its .tsbuildinfo lives in dist/, so removing dist/ means a full build), the SQL migrations and the
 * sandbox page's browser files are copied, and outputs whose source is gone are removed.
 * `node scripts/build.mjs --force` always compiles (`npm run build:clean` removes dist/ first).
 * `npm start` runs it in the bot's own process (scripts/start.mjs): one Node start-up, not two.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

const ROOT = join(dirname(new URL(import.meta.url).pathname), '..');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.build-stamp');
const BUILD_INFO = join(DIST, '.tsbuildinfo');
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];
/** Copied as they are (tsc does not emit them). */
const COPIES = [
  ['src/store/migrations', 'dist/store/migrations'],
  ['src/sandbox/page/browser', 'dist/sandbox/page/browser'],
];
/** What tsc leaves out of dist/ (tsconfig.build.json's exclude). */
const NOT_COMPILED = /\.(test|test-support)\.ts$/;

function files(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files(path, out);
    else out.push(path);
  }
  return out;
}

/** One hash over every input's relative path and bytes (not mtimes: a copy or a checkout keeps it). */
function inputsHash() {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    const path = join(ROOT, input);
    if (!existsSync(path)) continue;
    const list = statSync(path).isDirectory() ? files(path).sort() : [path];
    for (const file of list) {
      hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex');
}

const stamp = () => (existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : '');

/** dist/x.js (and .js.map) for every compiled src/x.ts. */
function missingOutputs() {
  return files(join(ROOT, 'src'))
    .filter((f) => f.endsWith('.ts') && !NOT_COMPILED.test(f))
    .map((f) => join(DIST, relative(join(ROOT, 'src'), f)).replace(/\.ts$/, '.js'))
    .filter((f) => !existsSync(f));
}

function tsc(incremental) {
  const bin = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const args = [bin, '-p', join(ROOT, 'tsconfig.build.json')];
  if (incremental) args.push('--incremental', '--tsBuildInfoFile', BUILD_INFO);
  return spawnSync(process.execPath, args, { stdio: 'inherit', cwd: ROOT }).status ?? 1;
}

/** Removes compiled outputs whose source file is gone (a rename would otherwise leave the old module). */
function prune() {
  const copied = COPIES.map(([, to]) => join(ROOT, to));
  for (const file of files(DIST)) {
    if (file === STAMP || file === BUILD_INFO || copied.some((dir) => file.startsWith(`${dir}/`))) continue;
    const source = join(ROOT, 'src', relative(DIST, file)).replace(/\.js(\.map)?$/, '.ts');
    if (!existsSync(source)) rmSync(file);
  }
}

/** Brings dist/ up to date; returns tsc's exit status (0 when there was nothing to do). */
export function build({ force = false } = {}) {
  const started = performance.now();
  const hash = inputsHash();
  if (!force && existsSync(DIST) && stamp() === hash && missingOutputs().length === 0) {
    console.log('build: dist/ is current (src/ unchanged), nothing to compile');
    return 0;
  }
  rmSync(STAMP, { force: true });
  let status = tsc(true);
  // The build info says the outputs exist, but some were deleted: compile everything once more.
  if (status === 0 && missingOutputs().length > 0) status = tsc(false);
  if (status !== 0) return status;
  prune();
  for (const [from, to] of COPIES) {
    rmSync(join(ROOT, to), { recursive: true, force: true });
    cpSync(join(ROOT, from), join(ROOT, to), { recursive: true });
  }
  chmodSync(join(DIST, 'cli.js'), 0o755);
  writeFileSync(STAMP, `${hash}\n`);
  console.log(`build: compiled src/ into dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  process.exitCode = build({ force: process.argv.includes('--force') });
}
