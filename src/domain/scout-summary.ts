import type { ScanSeverity } from './scan-results.js';

/** One CI result for an image, as stored (`POST /ingest/scout`). */
export interface ImageScan {
  image: string;
  format: string;
  receivedAt: Date;
  counts: Record<ScanSeverity, number>;
  /** Vulnerabilities at or above the ingest minimum severity. */
  findings: number;
}

export interface ScoutPolicyLine {
  id: string;
  displayName: string;
  compliant: number | null;
  evaluated: number | null;
  failing: boolean;
}

export interface ScoutStreamSummary {
  name: string;
  policies: ScoutPolicyLine[];
  /** Lowercased severity → count. */
  vulnerabilities: Record<string, number>;
}

/** What `/insights scout` shows. */
export interface ScoutSummary {
  org: string;
  /** Null before the first scrape. */
  scrapedAt: Date | null;
  /** Streams with a failing policy first, then by name; `latest-indexed` after the environments. */
  streams: ScoutStreamSummary[];
  /** Each image's latest CI result, newest first. */
  images: ImageScan[];
}
