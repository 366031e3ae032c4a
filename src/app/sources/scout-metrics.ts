import type { ScoutScrape } from '../../docker/scout/client.js';
import { isFailingPolicy, watchVulnerabilities } from '../../domain/scout-rules.js';
import { scoutScrapeRecord } from '../../domain/siem-records.js';
import { createScoutRepo } from '../../store/scout-repo.js';
import { enqueueSiem } from '../../store/siem-repo.js';
import type { Source, SourceContext, SourceStep } from './source.js';

/**
 * The exporter caches for 60 minutes, so a younger scrape is skipped. Two minutes of slack: an hourly
 * schedule fires a hair before the hour is up, and would otherwise poll only every other hour.
 */
export const SCOUT_POLL_MIN_AGE_MS = 58 * 60_000;

/** Scrapes older than this are deleted (the rules only read the latest two; the rest is history). */
export const SCOUT_RETENTION_MS = 90 * 86_400_000;

/**
 * Docker Scout's metrics exporter, polled at most hourly (docker-apis.md §7.1): each scrape is stored with
 * the vulnerability levels watched since the previous one; the `scout.*` rules (src/app/rules.ts) read them.
 */
export const scoutMetrics: Source = {
  name: 'scout-metrics',
  label: 'Docker Scout metrics exporter (policy compliance, vulnerabilities)',
  setup: 'Set `SCOUT_TOKEN` (a personal access token of an organization owner) to turn it on.',
  configured: (ctx) => ctx.scout !== null,
  feeds: ['scout'],
  run: (ctx, now, { force }) => syncScout(ctx, now, force),
};

async function syncScout(ctx: SourceContext, now: Date, force: boolean): Promise<SourceStep> {
  if (!ctx.scout) throw new Error('this source needs SCOUT_TOKEN');
  const last = await createScoutRepo(ctx.db).latestScrapeAt(ctx.org);
  if (!force && last && now.getTime() - last.getTime() < SCOUT_POLL_MIN_AGE_MS) {
    return { skipped: `the last scrape (${stamp(last)}) is under an hour old` };
  }
  const scrape = await ctx.scout.metrics();
  await ctx.db.transaction(async (tx) => {
    const repo = createScoutRepo(tx);
    const previous = await repo.latestScrape(ctx.org);
    const next = watchVulnerabilities(
      previous?.metrics.vulnerabilities ?? null,
      scrape.metrics.vulnerabilities,
      await repo.watches(ctx.org),
      now,
    );
    await repo.saveScrape(ctx.org, now, scrape);
    const change = scoutScrapeRecord(now, previous?.metrics ?? null, scrape.metrics);
    if (change) await enqueueSiem(tx, [change]);
    await repo.replaceWatches(ctx.org, next);
    await repo.pruneScrapes(ctx.org, new Date(now.getTime() - SCOUT_RETENTION_MS));
  });
  return { detail: describe(scrape) };
}

function describe(scrape: ScoutScrape): string {
  const { policies, vulnerabilities } = scrape.metrics;
  const streams = new Set([...policies, ...vulnerabilities].map((r) => r.stream)).size;
  const failing = policies.filter(isFailingPolicy).length;
  const parts = [
    `${streams} stream${streams === 1 ? '' : 's'}`,
    `${policies.length} policy result${policies.length === 1 ? '' : 's'} (${failing} failing)`,
  ];
  if (scrape.skipped > 0) parts.push(`${scrape.skipped} unreadable`);
  return parts.join(', ');
}

function stamp(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
