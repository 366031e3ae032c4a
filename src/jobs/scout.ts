/**
 * Docker Scout's metrics exporter, polled at most hourly (docker-apis.md §7.1): each scrape is stored, then
 * the policy and vulnerability rules run against it and the previous scrape, and the alert engine posts
 * what changed. Also what `/insights scout` shows.
 */
import type { ScoutClient, ScoutScrape } from '../docker/scout/client.js';
import { type PolicyCount, scoutEvaluations, watchVulnerabilities } from '../domain/scout-rules.js';
import { type Logger, scrub } from '../logger.js';
import type { ScoutStreamSummary, ScoutSummary } from '../render/scout-blocks.js';
import type { Db, Queryable } from '../store/db.js';
import { createScoutRepo } from '../store/scout-repo.js';
import { createStatusRepo } from '../store/status-repo.js';
import { type AlertDeps, type AlertRun, evaluateAlerts } from './alerts.js';

export type { ScoutSummary } from '../render/scout-blocks.js';

/** The source name in `source_status` (what `/insights status` reads). */
export const SCOUT_SOURCE = 'scout-metrics';

/**
 * The exporter caches for 60 minutes, so a younger scrape is skipped. Two minutes of slack: an hourly
 * schedule fires a hair before the hour is up, and would otherwise poll only every other hour.
 */
export const SCOUT_POLL_MIN_AGE_MS = 58 * 60_000;

/** Scrapes older than this are deleted (the rules only read the latest two; the rest is history). */
export const SCOUT_RETENTION_MS = 90 * 86_400_000;

export interface ScoutDeps {
  db: Db;
  org: string;
  client: ScoutClient;
  alerts: AlertDeps;
  logger: Logger;
}

export interface ScoutResult {
  source: typeof SCOUT_SOURCE;
  ok: boolean;
  /** False when skipped because the last scrape is under an hour old. */
  polled: boolean;
  /** What it stored and alerted, or the error in plain words. */
  detail: string;
  opened: number;
  resolved: number;
}

/** Polls the exporter unless the last scrape is recent (`force` polls anyway), stores it, evaluates the rules. */
export async function syncScout(
  deps: ScoutDeps,
  now: Date,
  options: { force?: boolean } = {},
): Promise<ScoutResult> {
  const log = deps.logger.child({ source: SCOUT_SOURCE });
  const result = (ok: boolean, polled: boolean, detail: string, run?: AlertRun): ScoutResult => ({
    source: SCOUT_SOURCE,
    ok,
    polled,
    detail,
    opened: run?.opened ?? 0,
    resolved: run?.resolved ?? 0,
  });
  const last = await createScoutRepo(deps.db).latestScrapeAt(deps.org);
  if (!options.force && last && now.getTime() - last.getTime() < SCOUT_POLL_MIN_AGE_MS) {
    return result(true, false, `skipped: the last scrape (${stamp(last)}) is under an hour old`);
  }
  const status = createStatusRepo(deps.db);
  try {
    const scrape = await deps.client.metrics();
    const watches = await deps.db.transaction(async (tx) => {
      const repo = createScoutRepo(tx);
      const previous = await repo.latestScrape(deps.org);
      const next = watchVulnerabilities(
        previous?.metrics.vulnerabilities ?? null,
        scrape.metrics.vulnerabilities,
        await repo.watches(deps.org),
        now,
      );
      await repo.saveScrape(deps.org, now, scrape);
      await repo.replaceWatches(deps.org, next);
      await repo.pruneScrapes(deps.org, new Date(now.getTime() - SCOUT_RETENTION_MS));
      return next;
    });
    // The scrape and its watches are stored first: a failed evaluation is redone from them next time.
    const run = await evaluateAlerts(deps.alerts, scoutEvaluations(scrape.metrics, watches, deps.org), now);
    const detail = describe(scrape, run);
    await status.success(deps.org, SCOUT_SOURCE, now, detail);
    log.info({ detail, skipped: scrape.skipped }, 'scout metrics synced');
    return result(true, true, detail, run);
  } catch (err) {
    const message = scrub(err instanceof Error ? err.message : String(err));
    await status.failure(deps.org, SCOUT_SOURCE, now, message);
    log.error({ err }, 'scout metrics sync failed');
    return result(false, true, message);
  }
}

function describe(scrape: ScoutScrape, run: AlertRun): string {
  const { policies, vulnerabilities } = scrape.metrics;
  const streams = new Set([...policies, ...vulnerabilities].map((r) => r.stream)).size;
  const failing = policies.filter(isFailing).length;
  const parts = [
    `${streams} stream${streams === 1 ? '' : 's'}`,
    `${policies.length} policy result${policies.length === 1 ? '' : 's'} (${failing} failing)`,
  ];
  if (scrape.skipped > 0) parts.push(`${scrape.skipped} unreadable`);
  if (run.opened + run.resolved > 0) parts.push(`${run.opened} alerts opened, ${run.resolved} resolved`);
  return parts.join(', ');
}

const isFailing = (p: PolicyCount) =>
  p.compliant !== null && p.evaluated !== null && p.compliant < p.evaluated;

function stamp(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const IMAGES_SHOWN = 10;

/** Policy compliance per policy and stream from the latest scrape, and the latest CI results. */
export async function scoutSummary(db: Queryable, org: string): Promise<ScoutSummary> {
  const repo = createScoutRepo(db);
  const scrape = await repo.latestScrape(org);
  const images = await repo.latestImageScans(org, IMAGES_SHOWN);
  const byStream = new Map<string, ScoutStreamSummary>();
  const stream = (name: string) => {
    let s = byStream.get(name);
    if (!s) {
      s = { name, policies: [], vulnerabilities: {} };
      byStream.set(name, s);
    }
    return s;
  };
  for (const p of scrape?.metrics.policies ?? []) {
    stream(p.stream).policies.push({
      id: p.policyId,
      displayName: p.displayName,
      compliant: p.compliant,
      evaluated: p.evaluated,
      failing: isFailing(p),
    });
  }
  for (const v of scrape?.metrics.vulnerabilities ?? [])
    stream(v.stream).vulnerabilities[v.severity] = v.count;
  const streams = [...byStream.values()];
  for (const s of streams) {
    s.policies.sort(
      (a, b) => Number(b.failing) - Number(a.failing) || a.displayName.localeCompare(b.displayName),
    );
  }
  const rank = (s: ScoutStreamSummary) =>
    (s.policies.some((p) => p.failing) ? 0 : 2) + (s.name === 'latest-indexed' ? 1 : 0);
  streams.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  return { org, scrapedAt: scrape?.scrapedAt ?? null, streams, images };
}
