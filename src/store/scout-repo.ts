import type { ScoutMetrics, VulnerabilityWatch } from '../domain/scout-rules.js';
import type { ImageScan } from '../domain/scout-summary.js';
import type { Queryable } from './db.js';

export interface StoredScrape {
  id: number;
  scrapedAt: Date;
  samples: number;
  skipped: number;
  metrics: ScoutMetrics;
}

/** One result CI posted for an image. */

/** Docker Scout data: exporter scrapes (migration 006), the rises being watched, and CI results. */
export function createScoutRepo(db: Queryable) {
  return {
    async latestScrapeAt(org: string): Promise<Date | null> {
      const [row] = await db.query<{ at: Date | null }>(
        'SELECT max(scraped_at) AS at FROM scout_scrapes WHERE org = $1',
        [org],
      );
      return row?.at ?? null;
    },

    /** The newest scrape with its counts, or null before the first one. */
    async latestScrape(org: string): Promise<StoredScrape | null> {
      const [scrape] = await db.query<{
        id: number | string;
        scraped_at: Date;
        samples: number;
        skipped: number;
      }>(
        `SELECT id, scraped_at, samples, skipped FROM scout_scrapes WHERE org = $1
         ORDER BY scraped_at DESC, id DESC LIMIT 1`,
        [org],
      );
      if (!scrape) return null;
      const id = Number(scrape.id);
      const vulnerabilities = await db.query<{ stream: string; severity: string; count: number }>(
        'SELECT stream, severity, count FROM scout_stream_vulnerabilities WHERE scrape_id = $1 ORDER BY stream, severity',
        [id],
      );
      const policies = await db.query<{
        policy_id: string;
        display_name: string;
        stream: string;
        compliant: number | null;
        evaluated: number | null;
      }>(
        `SELECT policy_id, display_name, stream, compliant, evaluated FROM scout_policy_results
         WHERE scrape_id = $1 ORDER BY stream, display_name, policy_id`,
        [id],
      );
      return {
        id,
        scrapedAt: scrape.scraped_at,
        samples: scrape.samples,
        skipped: scrape.skipped,
        metrics: {
          vulnerabilities: vulnerabilities.map((v) => ({ ...v, count: Number(v.count) })),
          policies: policies.map((p) => ({
            policyId: p.policy_id,
            displayName: p.display_name,
            stream: p.stream,
            compliant: p.compliant === null ? null : Number(p.compliant),
            evaluated: p.evaluated === null ? null : Number(p.evaluated),
          })),
        },
      };
    },

    /** Stores a scrape and its counts (run inside a transaction); returns its id. */
    async saveScrape(
      org: string,
      at: Date,
      scrape: { metrics: ScoutMetrics; samples: number; skipped: number },
    ): Promise<number> {
      const [row] = await db.query<{ id: number | string }>(
        'INSERT INTO scout_scrapes (org, scraped_at, samples, skipped) VALUES ($1, $2, $3, $4) RETURNING id',
        [org, at, scrape.samples, scrape.skipped],
      );
      const id = Number(row?.id);
      const { vulnerabilities: v, policies: p } = scrape.metrics;
      if (v.length > 0) {
        await db.query(
          `INSERT INTO scout_stream_vulnerabilities (scrape_id, stream, severity, count)
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::float8[])`,
          [id, v.map((r) => r.stream), v.map((r) => r.severity), v.map((r) => r.count)],
        );
      }
      if (p.length > 0) {
        await db.query(
          `INSERT INTO scout_policy_results (scrape_id, policy_id, display_name, stream, compliant, evaluated)
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[])`,
          [
            id,
            p.map((r) => r.policyId),
            p.map((r) => r.displayName),
            p.map((r) => r.stream),
            p.map((r) => r.compliant),
            p.map((r) => r.evaluated),
          ],
        );
      }
      return id;
    },

    /** Scrapes older than `before` (their counts go with them); the newest one always stays. */
    async pruneScrapes(org: string, before: Date): Promise<number> {
      const rows = await db.query(
        `DELETE FROM scout_scrapes WHERE org = $1 AND scraped_at < $2
           AND id <> (SELECT id FROM scout_scrapes WHERE org = $1 ORDER BY scraped_at DESC, id DESC LIMIT 1)
         RETURNING id`,
        [org, before],
      );
      return rows.length;
    },

    async watches(org: string): Promise<VulnerabilityWatch[]> {
      const rows = await db.query<{
        stream: string;
        severity: 'critical' | 'high';
        baseline: number;
        since: Date;
      }>(
        'SELECT stream, severity, baseline, since FROM scout_vulnerability_watches WHERE org = $1 ORDER BY stream, severity',
        [org],
      );
      return rows.map((r) => ({ ...r, baseline: Number(r.baseline), since: r.since.toISOString() }));
    },

    /** The watches are a full picture: the new set replaces the old (run inside a transaction). */
    async replaceWatches(org: string, watches: VulnerabilityWatch[]): Promise<void> {
      await db.query('DELETE FROM scout_vulnerability_watches WHERE org = $1', [org]);
      if (watches.length === 0) return;
      await db.query(
        `INSERT INTO scout_vulnerability_watches (org, stream, severity, baseline, since)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::float8[], $5::timestamptz[])`,
        [
          org,
          watches.map((w) => w.stream),
          watches.map((w) => w.severity),
          watches.map((w) => w.baseline),
          watches.map((w) => w.since),
        ],
      );
    },

    async recordImageScan(org: string, scan: ImageScan): Promise<void> {
      const c = scan.counts;
      await db.query(
        `INSERT INTO scout_image_scans (org, image, format, received_at, critical, high, medium, low, unspecified, findings)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          org,
          scan.image,
          scan.format,
          scan.receivedAt,
          c.critical,
          c.high,
          c.medium,
          c.low,
          c.unspecified,
          scan.findings,
        ],
      );
    },

    async pruneImageScans(org: string, before: Date): Promise<void> {
      await db.query('DELETE FROM scout_image_scans WHERE org = $1 AND received_at < $2', [org, before]);
    },

    /** Each image's latest result, newest first. */
    async latestImageScans(org: string, limit: number): Promise<ImageScan[]> {
      const rows = await db.query<{
        image: string;
        format: string;
        received_at: Date;
        critical: number;
        high: number;
        medium: number;
        low: number;
        unspecified: number;
        findings: number;
      }>(
        `SELECT * FROM (
           SELECT DISTINCT ON (image) image, format, received_at, critical, high, medium, low, unspecified, findings
           FROM scout_image_scans WHERE org = $1 ORDER BY image, received_at DESC, id DESC
         ) latest ORDER BY received_at DESC, image LIMIT $2`,
        [org, limit],
      );
      return rows.map((r) => ({
        image: r.image,
        format: r.format,
        receivedAt: r.received_at,
        counts: {
          critical: r.critical,
          high: r.high,
          medium: r.medium,
          low: r.low,
          unspecified: r.unspecified,
        },
        findings: r.findings,
      }));
    },
  };
}

export type ScoutRepo = ReturnType<typeof createScoutRepo>;
