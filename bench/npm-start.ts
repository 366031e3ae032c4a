import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ms, percentile } from './stats.js';

const ROOT = new URL('..', import.meta.url).pathname;

/**
 * `npm start` → `/healthz` 200 on an unchanged tree (`npm run bench` builds first, so the build step
 * finds dist/ current): the sandbox on the embedded database with an existing DATA_DIR. The first
 * start (initdb) is not counted. Each start is stopped with SIGTERM to the npm process.
 */
export async function benchNpmStart(): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'insights-npm-start-'));
  const times: number[] = [];
  try {
    await timeToHealthy(join(dir, 'data'));
    for (let i = 0; i < 5; i++) times.push(await timeToHealthy(join(dir, 'data')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return {
    '`npm start` to /healthz 200, unchanged tree, existing DATA_DIR (median of 5)': ms(percentile(times, 50)),
    '`npm start` to /healthz 200, unchanged tree, existing DATA_DIR (slowest of 5)': ms(Math.max(...times)),
  };
}

async function timeToHealthy(dataDir: string): Promise<number> {
  const t = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      npm_config_update_notifier: 'false',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d) => {
      out += d;
      const match = /Insights Bot sandbox: http:\/\/localhost:(\d+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then(() => reject(new Error(`npm start exited before it was ready: ${out}`)));
  });
  // The address is printed once the server listens; /healthz answers from then on.
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    if (res?.status === 200) break;
  }
  const elapsed = performance.now() - t;
  child.kill('SIGTERM');
  await exited;
  return elapsed;
}
