import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ms, percentile } from './stats.js';

const CLI = new URL('../dist/cli.js', import.meta.url).pathname;

/** Process spawn → "insights bot ready" on PGlite (sandbox mode, fresh data folder, then a warm one). */
export async function benchStartup(): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'insights-startup-'));
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < 3; i++) {
    cold.push(await timeToReady(join(dir, `cold-${i}`)));
    warm.push(await timeToReady(join(dir, `cold-${i}`)));
  }
  await rm(dir, { recursive: true, force: true });
  return {
    'start-up to ready, PGlite, new data dir (median)': ms(percentile(cold, 50)),
    'start-up to ready, PGlite, existing data dir (median)': ms(percentile(warm, 50)),
  };
}

function timeToReady(dataDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, [CLI, 'serve'], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
      },
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('insights bot ready')) {
        const elapsed = performance.now() - t;
        child.once('exit', () => resolve(elapsed));
        child.kill('SIGTERM');
      }
    });
    child.once('exit', (code) => {
      if (!out.includes('insights bot ready')) reject(new Error(`exited ${code} before ready: ${out}`));
    });
  });
}
