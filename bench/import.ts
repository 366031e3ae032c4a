import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { openServices } from '../src/services.js';
import { peakRssMb } from './stats.js';

const HEADER =
  'Name,Username,Email,Type,Role,Teams,Date Joined,Last Logged-In Date,Docker Desktop Version,Last Seen Date,Opted Out Analytics';

/** Importing a 100,000-row "Docker Desktop users" export: parse, validate, store in one transaction. */
export async function benchImport(): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'insights-import-bench-'));
  const rows = [HEADER];
  for (let i = 0; i < 100_000; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    rows.push(
      `User ${i},user${i},user${i}@example.com,User,Member,"platform, backend",2025-01-${day},2026-11-${day},4.${40 + (i % 12)}.0,2026-11-${day},${i % 13 === 0 ? 'Yes' : 'No'}`,
    );
  }
  const file = join(dir, 'desktop-users.csv');
  await writeFile(file, `${rows.join('\n')}\n`);
  const services = await openServices(
    loadConfig({ DOCKER_ORG: 'bigcorp', DATA_DIR: 'memory://' }),
    createLogger({ level: 'silent' }),
  );
  const t = performance.now();
  const outcome = await services.imports.importFile({ path: file, by: 'bench' }, new Date());
  const seconds = (performance.now() - t) / 1000;
  if (outcome.status !== 'imported' || outcome.rows !== 100_000)
    throw new Error(`unexpected ${JSON.stringify(outcome)}`);
  await services.close();
  await rm(dir, { recursive: true, force: true });
  return {
    'import 100,000-row Desktop users CSV (embedded, throwaway database)': `${seconds.toFixed(2)} s, peak RSS ${peakRssMb().toFixed(0)} MB`,
  };
}
