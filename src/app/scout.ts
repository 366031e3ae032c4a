/**
 * Docker Scout beyond the exporter's scrapes (./sources/scout-metrics.ts): CI results posted to
 * `POST /ingest/scout` (`docker scout cves --format sarif|gitlab`, docker-apis.md §7.3, §12) and what
 * `/insights scout` shows.
 */
import type { Severity } from '../domain/alerts.js';
import { parseScanResult } from '../domain/scan-results.js';
import { IMAGE_ALERTS_MAX, imageFindings, isFailingPolicy } from '../domain/scout-rules.js';
import type { ScoutStreamSummary, ScoutSummary } from '../domain/scout-summary.js';
import { scoutResultRecord } from '../domain/siem-records.js';
import type { Db, Queryable } from '../store/db.js';
import { createScoutRepo } from '../store/scout-repo.js';
import { enqueueSiem } from '../store/siem-repo.js';
import type { AlertEngine } from './alert-engine.js';

/** CI results older than this are deleted as new ones arrive (the alerts themselves stay). */
const SCANS_KEPT_MS = 90 * 86_400_000;
const IMAGES_SHOWN = 10;

export type IngestOutcome =
  | { ok: false; reason: string }
  | {
      ok: true;
      image: string;
      format: string;
      /** Vulnerabilities at or above the minimum severity. */
      findings: number;
      /** Of those, the ones that are alerts: at most IMAGE_ALERTS_MAX, the most severe. */
      alerted: number;
      /** The rest, counted only; `note` says so in a sentence. */
      omitted: number;
      opened: number;
      resolved: number;
      note?: string;
    };

export interface Scout {
  /** Whether SCOUT_TOKEN is set (`/insights scout` says how to turn the exporter on otherwise). */
  readonly configured: boolean;
  /** Policy compliance per policy and stream from the latest scrape, and the latest CI results. */
  summary(): Promise<ScoutSummary>;
  /**
   * One CI result for `image`: each vulnerability at or above the minimum severity is an alert
   * (`scout.image`); the result is the whole truth about that image, so a clean one resolves its alerts.
   * An unreadable body changes nothing.
   */
  ingest(image: string, body: string, now: Date): Promise<IngestOutcome>;
}

export function createScout(deps: {
  db: Db;
  org: string;
  configured: boolean;
  engine: Pick<AlertEngine, 'evaluate'>;
  /** INGEST_MIN_SEVERITY: the least severe CI finding that alerts. */
  minSeverity: Severity;
}): Scout {
  return {
    configured: deps.configured,
    summary: () => scoutSummary(deps.db, deps.org),
    async ingest(image, body, now) {
      const parsed = parseScanResult(body);
      if (!parsed.ok) return { ok: false, reason: parsed.reason };
      const evaluation = imageFindings(image, parsed.scan, deps.minSeverity);
      const run = await deps.engine.evaluate([evaluation], now);
      const scan = {
        image,
        format: parsed.scan.format,
        receivedAt: now,
        counts: parsed.scan.counts,
        findings: evaluation.eligible,
      };
      await deps.db.transaction(async (tx) => {
        const repo = createScoutRepo(tx);
        await repo.recordImageScan(deps.org, scan);
        await enqueueSiem(tx, [scoutResultRecord(scan, run)]);
        await repo.pruneImageScans(deps.org, new Date(now.getTime() - SCANS_KEPT_MS));
      });
      return {
        ok: true,
        image,
        format: parsed.scan.format,
        findings: evaluation.eligible,
        alerted: evaluation.findings.length,
        omitted: evaluation.omitted,
        opened: run.opened,
        resolved: run.resolved,
        ...(evaluation.omitted > 0
          ? {
              note: `${evaluation.eligible} findings at or above ${deps.minSeverity}: the ${IMAGE_ALERTS_MAX} most severe are alerts, ${evaluation.omitted} more are counted only. Fix the worst first, or raise INGEST_MIN_SEVERITY.`,
            }
          : {}),
      };
    },
  };
}

async function scoutSummary(db: Queryable, org: string): Promise<ScoutSummary> {
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
      failing: isFailingPolicy(p),
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
