import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activityRecord } from '../src/domain/siem-records.js';
import { createActivityRepo } from '../src/store/activity-repo.js';
import { openDatabase } from '../src/store/db.js';
import { enqueueSiem } from '../src/store/siem-repo.js';
import { exited, serveCli } from '../test/support/cli.js';
import { treeMemory } from './process-memory.js';
import { startServerProcess } from './server-process.js';

const TOKEN = 'bench-token-0000';
const EVENTS = 100_000;

/**
 * The real bot (`insights-bot serve`, compiled, sandbox mode, embedded default) with a new Splunk HEC
 * destination and SIEM_BACKFILL_DAYS over 100,000 stored activity events: from the start of the process
 * to the last event at HEC (a test server in another process), and the bot's memory with its PostgreSQL
 * added up. Then the steady state: a new event stored and queued in one transaction, as the sync does,
 * until HEC has it (the worker polls every second).
 */
export async function benchSiem(): Promise<Record<string, string>> {
  const { child: server, info } = await startServerProcess<{ url: string }>('./hec-server.ts', {
    HEC_TOKEN: TOKEN,
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'insights-siem-bench-'));
  let bot: ReturnType<typeof serveCli> | undefined;
  try {
    const seed = await openDatabase({ dataDir });
    await seed.query(
      `INSERT INTO activity_events (org, id, at, action, name, actor, data, description)
       SELECT 'bigcorp', 'bench-' || i, now() - interval '20 days' + i * interval '15 seconds',
              CASE WHEN i % 20 = 0 THEN 'org.member.role.change' ELSE 'repo.tag.push' END,
              'bigcorp/service-' || (i % 300), 'user-' || (i % 5000),
              jsonb_build_object('digest', 'sha256:' || md5(i::text) || md5((i + 1)::text), 'tag', 'latest'),
              'pushed a tag'
         FROM generate_series(1, $1::int) AS i`,
      [EVENTS],
    );
    await seed.close();
    const indexed = async () =>
      ((await (await fetch(`${info.url}/_fake/indexed`)).json()) as { indexed: number }).indexed;

    const t = performance.now();
    bot = serveCli({
      DATA_DIR: dataDir,
      DEMO_ORG: 'bigcorp',
      RENDER_WORKERS: '1',
      SIEM_SPLUNK_URL: info.url,
      SIEM_SPLUNK_TOKEN: TOKEN,
      SIEM_BACKFILL_DAYS: '30',
      // As `npm start` runs it.
      NODE_OPTIONS: '--max-semi-space-size=2',
    });
    let peak = 0;
    let botPeak = 0;
    let pssPeak = 0;
    const sample = () => {
      const m = treeMemory(bot?.child.pid ?? 0);
      peak = Math.max(peak, m.rssMb);
      pssPeak = Math.max(pssPeak, m.pssMb);
      botPeak = Math.max(botPeak, m.rootRssMb);
    };
    const sampler = setInterval(sample, 100);
    await bot.ready;
    const ready = (performance.now() - t) / 1000;
    while ((await indexed()) < EVENTS) await new Promise((r) => setTimeout(r, 50));
    const seconds = (performance.now() - t) / 1000;
    clearInterval(sampler);
    sample();
    const peaks = treeMemory(bot.child.pid ?? 0).peakRssMb;

    // Steady state, through the bot's running embedded server.
    const db = await openDatabase({ dataDir });
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = await indexed();
      const sent = performance.now();
      await db.transaction(async (tx) => {
        const fresh = await createActivityRepo(tx).insert('bigcorp', [
          {
            id: `new-${i}`,
            at: new Date().toISOString(),
            action: 'repo.tag.push',
            name: `bigcorp/new-${i}`,
            actor: 'ci-bot',
            data: { tag: 'latest' },
            description: 'pushed a tag',
          },
        ]);
        await enqueueSiem(tx, fresh.map(activityRecord));
      });
      while ((await indexed()) <= before) await new Promise((r) => setTimeout(r, 20));
      latencies.push(performance.now() - sent);
      await new Promise((r) => setTimeout(r, 300 + 137 * i));
    }
    await db.close();
    latencies.sort((a, b) => a - b);
    return {
      'SIEM backfill of 100,000 events to HEC (`serve`, embedded)': `${seconds.toFixed(1)} s from process start (ready after ${ready.toFixed(1)} s), resident ${peak.toFixed(0)} MB at most (the bot ${botPeak.toFixed(0)} MB + its PostgreSQL, sampled every 100 ms; PSS ${pssPeak.toFixed(0)} MB; each process's own peak added up: ${peaks.toFixed(0)} MB)`,
      'SIEM steady state: stored event → at HEC': `median ${(latencies[2] ?? 0).toFixed(0)} ms, worst ${(latencies[4] ?? 0).toFixed(0)} ms of 5 (1 s poll)`,
    };
  } finally {
    if (bot) {
      bot.child.kill('SIGTERM');
      await exited(bot.child);
    }
    await rm(dataDir, { recursive: true, force: true });
    server.kill();
  }
}
