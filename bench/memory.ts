import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { SANDBOX_CHANNEL } from '../src/sandbox/sandbox-routes.js';
import { freshDatabase, TEST_DATABASE_URL } from '../test/support/databases.js';
import { type TreeMemory, treeMemory } from './process-memory.js';

const CLI = new URL('../dist/cli.js', import.meta.url).pathname;
const CHARTS = 20;
const SETTLE_MS = 2000;

/**
 * `npm start` in sandbox mode (the built bot, no Slack credentials, demo organization), on the
 * embedded database in a new DATA_DIR or on the PostgreSQL server: resident memory of the bot and
 * every process it started (the embedded server), once ready and after 20 `containers 1m` charts.
 */
export async function benchMemory(engine: 'embedded' | 'postgres'): Promise<Record<string, string>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'insights-memory-'));
  const database = engine === 'postgres' ? await freshDatabase('postgres') : undefined;
  const start = await startCommand();
  const bot = spawn(process.execPath, [...start.flags, CLI, 'serve'], {
    env: {
      ...start.env,
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      // Node flags to try on the bot (`BOT_NODE_OPTIONS=--max-semi-space-size=4 npm run bench -- memory-embedded`).
      ...(process.env.BOT_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BOT_NODE_OPTIONS } : {}),
      ...(database
        ? {
            DATABASE_URL: `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${database.schema}`)}`,
          }
        : { DATA_DIR: join(dataDir, 'data') }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      bot.stdout.on('data', (d) => {
        out += d;
        const match = /"port":(\d+)[^\n]*insights bot ready/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      bot.once('exit', (code) => reject(new Error(`bot exited ${code}: ${out}`)));
    });
    const pid = bot.pid as number;
    const started = treeMemory(pid);
    // Settled: idle connections (a server process each on the embedded server) close after a second.
    await delay(SETTLE_MS);
    const startedIdle = treeMemory(pid);
    const base = `http://127.0.0.1:${port}`;
    const charts = async () => {
      const res = await fetch(`${base}/sandbox/messages?channel=${SANDBOX_CHANNEL}`);
      const { messages } = (await res.json()) as { messages: Array<{ files?: unknown[] }> };
      return messages.filter((m) => m.files?.length).length;
    };
    for (let i = 0; i < CHARTS; i++) {
      const before = await charts();
      const res = await fetch(`${base}/sandbox/command`, {
        method: 'POST',
        // As the page sends it (the sandbox refuses other origins and form bodies).
        headers: { 'content-type': 'application/json', origin: base },
        body: JSON.stringify({ text: 'containers 1m' }),
      });
      if (!res.ok) throw new Error(`command failed: ${res.status} ${await res.text()}`);
      const deadline = Date.now() + 30_000;
      while ((await charts()) <= before) {
        if (Date.now() > deadline) throw new Error('no chart within 30 s');
        await delay(20);
      }
    }
    const after = treeMemory(pid);
    await delay(SETTLE_MS);
    const afterIdle = treeMemory(pid);
    const label = engine === 'embedded' ? 'embedded (bot + its PostgreSQL)' : 'PostgreSQL server (bot only)';
    return {
      [`npm start (sandbox), ${label}, at ready`]: describe(started),
      [`npm start (sandbox), ${label}, ${SETTLE_MS / 1000} s after ready`]: describe(startedIdle),
      [`npm start (sandbox), ${label}, after ${CHARTS} charts`]: describe(after),
      [`npm start (sandbox), ${label}, ${SETTLE_MS / 1000} s after ${CHARTS} charts`]: describe(afterIdle),
    };
  } finally {
    bot.kill('SIGTERM');
    await new Promise((resolve) => bot.once('exit', resolve));
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * The Node flags and the environment defaults `npm start` runs the bot with (package.json's start script,
 * `NAME=${NAME:-value} … exec node <flags> scripts/start.mjs`), so this measures the same; no flags found
 * is an error, not a quieter measurement.
 */
async function startCommand(): Promise<{ flags: string[]; env: Record<string, string> }> {
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
    scripts: { start: string };
  };
  const script = pkg.scripts.start;
  const flags = /node ((?:--\S+ )*)(?:dist\/cli\.js|scripts\/start\.mjs)/.exec(script)?.[1];
  if (flags === undefined) throw new Error(`cannot read the Node flags of "npm start": ${script}`);
  const env = Object.fromEntries(
    [...script.matchAll(/(\w+)=\$\{\1:-([^}]*)\}/g)].map((m) => [m[1] as string, m[2] as string]),
  );
  return { flags: flags.trim().split(' ').filter(Boolean), env };
}

function describe(m: TreeMemory): string {
  const split =
    m.processes > 1
      ? ` = bot ${m.rootRssMb.toFixed(0)} + ${m.processes - 1} server processes ${(m.rssMb - m.rootRssMb).toFixed(0)}`
      : '';
  return `RSS ${m.rssMb.toFixed(0)} MB${split} (PSS ${m.pssMb.toFixed(0)} MB; peak ${m.peakRssMb.toFixed(0)} MB)`;
}
