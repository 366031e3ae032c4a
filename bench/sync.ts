import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDockerClients } from '../src/docker/clients.js';
import { createLogger } from '../src/logger.js';
import { openDatabase } from '../src/store/db.js';
import { TEST_DATABASE_URL } from '../test/support/databases.js';
import { runApiSync } from '../test/support/sync.js';
import { treeMemory } from './process-memory.js';
import { startServerProcess } from './server-process.js';
import { peakRssMb } from './stats.js';

/**
 * A first sync of 50,000 members and 100,000 activity events from a local server that follows
 * Docker's specs (in another process), into the PostgreSQL server or the embedded one in a new
 * DATA_DIR. Peak memory: this process's; embedded, plus each server process's own peak, added up.
 */
export async function benchSync(engine: 'postgres' | 'embedded'): Promise<Record<string, string>> {
  const { child: server, info } = await startServerProcess<{ hubUrl: string; apiUrl: string }>(
    './fake-docker-server.ts',
  );
  try {
    const { hubUrl, apiUrl } = info;
    const schema = `bench_${process.pid}`;
    const dataDir = await mkdtemp(join(tmpdir(), 'insights-sync-bench-'));
    const db = await openDatabase(
      engine === 'postgres' ? { databaseUrl: TEST_DATABASE_URL, schema } : { dataDir },
    );
    const docker = createDockerClients({ org: 'bigcorp', token: 'dckr_oat_bench', hubUrl, apiUrl });
    if (!docker) throw new Error('no clients');
    const now = new Date();
    const t = performance.now();
    const results = await runApiSync(
      { db, org: 'bigcorp', docker, logger: createLogger({ level: 'silent' }) },
      now,
    );
    const seconds = (performance.now() - t) / 1000;
    // The embedded server is this process's child, as is the fake Docker server (not counted).
    const serverPeak = treeMemory(process.pid, [process.pid, server.pid ?? 0]).peakRssMb;
    const failed = results.filter((r) => !r.ok);
    if (failed.length) throw new Error(`sync failed: ${JSON.stringify(failed)}`);
    if (engine === 'postgres') await db.query(`DROP SCHEMA ${schema} CASCADE`);
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
    return {
      [`sync 50,000 members + 100,000 events (${engine})`]:
        engine === 'embedded'
          ? `${seconds.toFixed(1)} s, peak RSS ${(peakRssMb() + serverPeak).toFixed(0)} MB (bot ${peakRssMb().toFixed(0)} MB + its PostgreSQL ${serverPeak.toFixed(0)} MB)`
          : `${seconds.toFixed(1)} s, peak RSS ${peakRssMb().toFixed(0)} MB (bot)`,
    };
  } finally {
    server.kill();
  }
}
