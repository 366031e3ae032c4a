import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Severity } from '../src/domain/alerts.js';
import { startSlackStandIn } from '../src/sandbox/slack-stand-in.js';
import { createAlertsRepo } from '../src/store/alerts-repo.js';
import { type Db, openDatabase } from '../src/store/db.js';
import { insert } from '../src/store/delivery-repo.js';
import { analyze } from '../src/store/metrics-repo.js';
import { openAlert } from '../test/support/alerts.js';
import { TEST_DATABASE_URL } from '../test/support/databases.js';
import { startBenchBot } from './bot-process.js';
import { ms, percentile } from './stats.js';

const ALERTS = 10_000;
const PENDING_POSTS = 1_000;
const RULES = [
  'drift.compliance',
  'drift.desktop-version',
  'activity.sensitive',
  'scout.policy',
  'scout.cve',
];
const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low'];

/** User + system CPU time of a process so far, from /proc (Linux). */
function cpuMs(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** 10,000 open alerts of the demo organization and 1,000 posts waiting in the delivery queue. */
async function seed(db: Db): Promise<void> {
  const at = new Date('2026-11-20T08:00:00Z');
  const alerts = Array.from({ length: ALERTS }, (_, i) =>
    openAlert(
      {
        rule: RULES[i % RULES.length] ?? 'drift.compliance',
        entity: `user${i}`,
        severity: SEVERITIES[i % SEVERITIES.length] ?? 'high',
      },
      at,
    ),
  );
  await createAlertsRepo(db, 'acme').save(alerts);
  // Due tomorrow: they stay in the queue while the benchmark scrapes.
  const later = new Date(Date.now() + 86_400_000);
  for (let i = 0; i < PENDING_POSTS; i++) {
    const delivery = { kind: 'message' as const, channel: `C0BENCH${i % 20}`, text: 'x' };
    await insert(db, `alerts:bench-${i}`, delivery, at, later);
  }
  // What autovacuum does in a live database after so many writes: without statistics the planner takes
  // the 10,000 rows for one.
  await analyze(db);
}

/**
 * `GET /metrics` on the built bot in its own process (METRICS_PORT) with 10,000 open alerts and 1,000
 * waiting posts in its database: 200 scrapes one after another, after 20 to warm up. Each scrape reads
 * the store's gauges (src/store/metrics-repo.ts) and renders every metric. Target: under 20 ms.
 */
export async function benchMetrics(engine: 'embedded' | 'postgres'): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'insights-bench-metrics-'));
  const schema = `bench_metrics_${process.pid}`;
  const db =
    engine === 'embedded'
      ? await openDatabase({ dataDir: dir })
      : await openDatabase({ databaseUrl: TEST_DATABASE_URL, schema });
  const slack = await startSlackStandIn({ token: 'xoxb-bench' });
  const metricsPort = await freePort();
  const database: Record<string, string> =
    engine === 'embedded'
      ? { DATA_DIR: dir }
      : { DATABASE_URL: `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}` };
  let bot: Awaited<ReturnType<typeof startBenchBot>>['bot'] | undefined;
  let port = 0;
  try {
    await seed(db);
    ({ bot, port } = await startBenchBot(slack.apiUrl, { ...database, METRICS_PORT: String(metricsPort) }));
    const scrape = async () => {
      const t = performance.now();
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      return { ms: performance.now() - t, text };
    };
    for (let i = 0; i < 20; i++) await scrape();
    const cpuBefore = cpuMs(bot.pid);
    const times: number[] = [];
    let text = '';
    for (let i = 0; i < 200; i++) ({ ms: times[i] = 0, text } = await scrape());
    const cpuPerScrape = (cpuMs(bot.pid) - cpuBefore) / times.length;
    // The machine's noise floor: the same bot's /healthz (HTTP + `SELECT 1`), and the load average.
    const health: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await (await fetch(`http://127.0.0.1:${port}/healthz`)).text();
      health.push(performance.now() - t);
    }
    const open = [...text.matchAll(/^insights_bot_alerts_open\{[^}]*\} (\d+)$/gm)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
    if (open !== ALERTS) throw new Error(`the scrape counted ${open} open alerts, not ${ALERTS}`);
    if (!/^insights_bot_delivery_backlog 1000$/m.test(text)) throw new Error('backlog is not 1000');
    return {
      [`/metrics scrape, ${ALERTS} open alerts, ${engine} (p50 / p95 / max)`]: `${ms(percentile(times, 50))} / ${ms(percentile(times, 95))} / ${ms(Math.max(...times))}`,
      [`/metrics: the bot process's CPU time per scrape (${engine}, its database's not included)`]:
        ms(cpuPerScrape),
      [`/healthz on the same bot, for comparison (p50 / p95), load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`]: `${ms(percentile(health, 50))} / ${ms(percentile(health, 95))}`,
      [`/metrics text size (${engine})`]: `${(Buffer.byteLength(text) / 1024).toFixed(1)} KiB`,
    };
  } finally {
    bot?.kill('SIGTERM');
    await new Promise((resolve) =>
      bot && bot.exitCode === null ? bot.once('exit', resolve) : resolve(undefined),
    );
    await slack.close();
    if (engine === 'postgres') await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
}
