import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exited } from './support/cli.js';
import { type ProcessInfo, processTree, running } from './support/processes.js';
import { until } from './support/until.js';

// `npm start` as a newcomer runs it, in a copy of the project (its own dist/, the same node_modules).
const ROOT = new URL('..', import.meta.url).pathname;
const COPIED = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'scripts',
  'src',
];

let project: string;
/** Every process a test saw, killed at the end if a failing test left it running. */
const seen: ProcessInfo[] = [];

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Each dist/ file's modification time: a build that writes anything changes one. */
async function distTimes(): Promise<Record<string, number>> {
  const dist = join(project, 'dist');
  const list = await files(dist);
  return Object.fromEntries(
    await Promise.all(list.map(async (f) => [relative(dist, f), (await stat(f)).mtimeMs] as const)),
  );
}

function npm(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn('npm', args, {
    cwd: project,
    env: {
      ...process.env,
      npm_config_update_notifier: 'false',
      SLACK_BOT_TOKEN: '',
      SLACK_SIGNING_SECRET: '',
      SLACK_APP_TOKEN: '',
      LOG_LEVEL: '',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: join(project, 'data'),
      ...env,
    },
  });
}

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'insights-npm-start-'));
  for (const entry of COPIED) await cp(join(ROOT, entry), join(project, entry), { recursive: true });
  // The worktree's build (current after `npm test`'s build step, so the copy's first build compiles nothing).
  await cp(join(ROOT, 'dist'), join(project, 'dist'), { recursive: true }).catch(() => undefined);
  await symlink(join(ROOT, 'node_modules'), join(project, 'node_modules'));
  const build = npm(['run', 'build']);
  await exited(build);
  expect(build.exitCode).toBe(0);
}, 180_000);

afterAll(async () => {
  for (const p of seen.filter((p) => running(p.pid))) process.kill(p.pid, 'SIGKILL');
  await rm(project, { recursive: true, force: true });
});

/** `npm start` until `/healthz` answers 200: its output so far, and every process it started. */
async function start(): Promise<{ child: ChildProcess; output: () => string; tree: ProcessInfo[] }> {
  const child = npm(['start']);
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const url = await until(
    'the sandbox address',
    () => {
      if (child.exitCode !== null) throw new Error(`npm start exited ${child.exitCode}: ${out}`);
      return /Insights Bot sandbox: http:\/\/localhost:(\d+)/.exec(out)?.[1];
    },
    60_000,
  );
  const health = await fetch(`http://127.0.0.1:${url}/healthz`);
  expect(health.status).toBe(200);
  const tree = processTree(child.pid ?? -1);
  seen.push(...tree);
  return { child, output: () => out, tree };
}

describe('npm start', { timeout: 120_000 }, () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`compiles nothing when src/ is unchanged; ${signal} to the npm process leaves no bot and no PostgreSQL`, async () => {
      const before = await distTimes();
      const { child, output, tree } = await start();
      expect(output()).toContain('build: dist/ is current');
      expect(await distTimes()).toEqual(before);
      // npm runs the bot itself (no shell in between) and the bot runs its embedded PostgreSQL.
      const bot = tree.find((p) => p.command.includes('scripts/start.mjs'));
      expect(bot, JSON.stringify(tree)).toBeDefined();
      expect(bot?.ppid).toBe(child.pid);
      // Fewer malloc arenas for its threads (docs/performance.md), as the image sets it too.
      const environ = readFileSync(`/proc/${bot?.pid}/environ`, 'utf8').split('\0');
      expect(environ).toContain('MALLOC_ARENA_MAX=2');
      expect(tree.some((p) => /\/postgres /.test(p.command))).toBe(true);

      child.kill(signal);
      await exited(child);
      await until('every process npm start began to exit', () => tree.every((p) => !running(p.pid)));
      expect(output()).toContain(`${signal}: shutting down`);
    });
  }
});
