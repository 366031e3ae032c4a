import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoSource } from '../src/demo/demo-source.js';
import { openDatabase } from '../src/store/db.js';
import { createMembersRepo } from '../src/store/members-repo.js';
import { TEST_DATABASE_URL } from '../test/support/databases.js';

const MEMBERS = 100_000;
const dist = (path: string) => new URL(`../dist/${path}`, import.meta.url).href;

/**
 * The measured process: plain Node on the build (dist/, made by `npm run bench`), so its peak RSS is
 * the export's and the demo organization's, not tsx's or the other benchmarks' modules (the `--one`
 * process holds ~160 MB of those before it starts). `org` mode only generates the organization;
 * `export` mode writes the users export twice: cold (generating the organization) and again.
 */
const WORKER = `
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createDemoSource } from '${dist('demo/demo-source.js')}';
import { openDatabase } from '${dist('store/db.js')}';
import { createStoredSource } from '${dist('store/stored-source.js')}';
import { writeExport } from '${dist('exports/index.js')}';
import { periodRange } from '${dist('domain/period.js')}';

const [mode, dir, databaseUrl, schema] = process.argv.slice(1);
const source = createDemoSource({ members: ${MEMBERS} });
const now = new Date();
const peak = () => process.resourceUsage().maxRSS / 1024;
const result = {};
if (mode === 'org') {
  const t = performance.now();
  const data = await source.load(periodRange('1m', await source.dataAsOf(now)), now);
  result.seconds = (performance.now() - t) / 1000;
  result.members = data.members.length;
} else if (mode === 'stored') {
  // As a deployment runs it: the members the syncs stored, read from PostgreSQL.
  const db = await openDatabase({ databaseUrl, schema });
  const t = performance.now();
  const r = await writeExport({ kind: 'users', period: '1m', now }, { source: createStoredSource(db, 'bigcorp'), db }, createWriteStream(dir + '/stored.csv'));
  result.seconds = (performance.now() - t) / 1000;
  if (r.rows !== ${MEMBERS}) throw new Error('expected ${MEMBERS} rows, got ' + r.rows);
  await db.close();
} else {
  // The users export reads only the source: no database is opened, so none is counted.
  const db = { query: () => Promise.reject(new Error('the users export reads no database')) };
  for (const run of ['cold', 'warm']) {
    const file = dir + '/' + run + '.csv';
    const t = performance.now();
    const r = await writeExport({ kind: 'users', period: '1m', now }, { source, db }, createWriteStream(file));
    result[run + 'Seconds'] = (performance.now() - t) / 1000;
    if (r.rows !== ${MEMBERS}) throw new Error('expected ${MEMBERS} rows, got ' + r.rows);
    result.bytes = (await stat(file)).size;
  }
}
result.peakRssMb = peak();
process.stdout.write(JSON.stringify(result) + '\\n');
`;

async function worker(
  mode: 'org' | 'export' | 'stored',
  dir: string,
  ...args: string[]
): Promise<Record<string, number>> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', WORKER, mode, dir, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`export worker (${mode}) exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;
}

/** 100,000 members stored in PostgreSQL (from the demo generator), as the syncs would leave them. */
async function storeMembers(schema: string): Promise<void> {
  const db = await openDatabase({ databaseUrl: TEST_DATABASE_URL, schema });
  try {
    const demo = createDemoSource({ org: 'bigcorp', members: MEMBERS });
    const now = new Date();
    const day = (await demo.dataAsOf(now)) ?? '';
    const { members } = await demo.load({ from: day, to: day }, now);
    await createMembersRepo(db).upsert('bigcorp', members, 'bench', now);
  } finally {
    await db.close();
  }
}

/** `/insights export users` for a 100,000-member organization, written to a file. */
export async function benchExport(): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'insights-export-bench-'));
  const schema = `bench_export_${process.pid}`;
  try {
    await storeMembers(schema);
    const stored = await worker('stored', dir, TEST_DATABASE_URL, schema);
    const org = await worker('org', dir);
    const run = await worker('export', dir);
    const s = (n: number | undefined) => `${(n ?? Number.NaN).toFixed(2)} s`;
    const mb = (n: number | undefined) => `${(n ?? Number.NaN).toFixed(0)} MB`;
    return {
      'users export, 100,000 members stored in PostgreSQL, to a file': `${s(stored.seconds)}, peak RSS ${mb(stored.peakRssMb)}`,
      'users export, 100,000 rows to a file, cold (includes generating the demo organization)': `${s(run.coldSeconds)}, ${((run.bytes ?? 0) / 1024 / 1024).toFixed(1)} MB file`,
      'users export, 100,000 rows to a file, organization already generated': s(run.warmSeconds),
      'users export peak RSS (plain node, dist/; both runs)': mb(run.peakRssMb),
      'generating the 100,000-member demo organization alone (no export)': `${s(org.seconds)}, peak RSS ${mb(org.peakRssMb)}`,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
    const db = await openDatabase({ databaseUrl: TEST_DATABASE_URL, schema });
    await db.query(`DROP SCHEMA ${schema} CASCADE`);
    await db.close();
  }
}
