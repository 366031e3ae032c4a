import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, TEST_DATABASE_URL } from '../test/support/databases.js';
import { ms, percentile } from './stats.js';

const CLI = new URL('../dist/cli.js', import.meta.url).pathname;

/**
 * Process spawn → "insights bot ready" in sandbox mode: on the embedded database with a new DATA_DIR
 * (initdb, start, migrations) and then the same one again; on the PostgreSQL server with a new,
 * empty schema (migrations) and then the migrated one.
 */
export async function benchStartup(): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'insights-startup-'));
  const cold: number[] = [];
  const warm: number[] = [];
  const coldPg: number[] = [];
  const warmPg: number[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      cold.push(await timeToReady({ DATA_DIR: join(dir, `cold-${i}`) }));
      warm.push(await timeToReady({ DATA_DIR: join(dir, `cold-${i}`) }));
      const database = await freshDatabase('postgres');
      // An empty schema the bot migrates itself.
      await database.db.query(`DROP SCHEMA ${database.schema} CASCADE; CREATE SCHEMA ${database.schema}`);
      const env = {
        DATABASE_URL: `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${database.schema}`)}`,
      };
      coldPg.push(await timeToReady(env));
      warmPg.push(await timeToReady(env));
      await database.drop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return {
    'start-up to ready, embedded, new data dir (median of 3)': ms(percentile(cold, 50)),
    'start-up to ready, embedded, existing data dir (median of 3)': ms(percentile(warm, 50)),
    'start-up to ready, PostgreSQL server, new schema (median of 3)': ms(percentile(coldPg, 50)),
    'start-up to ready, PostgreSQL server, migrated schema (median of 3)': ms(percentile(warmPg, 50)),
  };
}

function timeToReady(env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, [CLI, 'serve'], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
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
