/**
 * What a `docker scout cves` result (docker-apis.md §7.3, §12) says, whichever format it came in: the
 * vulnerabilities by id, their severities and packages. Shared by the SARIF and GitLab readers.
 */
import type { z } from 'zod';

export const SCAN_SEVERITIES = ['critical', 'high', 'medium', 'low', 'unspecified'] as const;
export type ScanSeverity = (typeof SCAN_SEVERITIES)[number];

export const SCAN_RANK: Record<ScanSeverity, number> = {
  critical: 5,
  high: 4,
  medium: 3,
  low: 2,
  unspecified: 1,
};

export interface ScanPackage {
  name: string;
  version?: string;
  /** Undefined when the result says `not fixed` or nothing. */
  fixedVersion?: string;
}

/** One vulnerability (CVE or GHSA id) of the image, with every affected package. */
export interface ScanVulnerability {
  id: string;
  severity: ScanSeverity;
  /** CVSS score, when the file gives one. */
  score?: number;
  title?: string;
  solution?: string;
  packages: ScanPackage[];
}

export interface ScanResult {
  format: 'sarif' | 'gitlab';
  tool?: string;
  toolVersion?: string;
  vulnerabilities: ScanVulnerability[];
  /** Per result (an affected package), not per vulnerability: what `docker scout cves` itself counts. */
  counts: Record<ScanSeverity, number>;
}

export type ScanParse = { ok: true; scan: ScanResult } | { ok: false; reason: string };

/** Optional, and dropped rather than refused when it has an unexpected type. */
export const loose = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const SEVERITY_WORDS: Record<string, ScanSeverity> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  moderate: 'medium',
  low: 'low',
  unspecified: 'unspecified',
  unknown: 'unspecified',
  info: 'unspecified',
  informational: 'unspecified',
  negligible: 'unspecified',
  none: 'unspecified',
};

/** `CRITICAL`, `High`, `unknown`… → a scan severity; undefined for anything else. */
export function scanSeverity(text: string | undefined): ScanSeverity | undefined {
  return text === undefined ? undefined : SEVERITY_WORDS[text.trim().toLowerCase()];
}

/** CVSS v3 qualitative bands. */
export function severityOfScore(score: number | undefined): ScanSeverity | undefined {
  if (score === undefined) return undefined;
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return score > 0 ? 'low' : 'unspecified';
}

export function invalidScan(what: string, error: z.ZodError): ScanParse {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { ok: false, reason: `not a valid ${what}: ${where}${issue?.message ?? 'schema mismatch'}` };
}

/** Results grouped by vulnerability id: the most severe wins, packages are collected. */
export class Merged {
  private readonly byId = new Map<string, ScanVulnerability>();
  private readonly counts: Record<ScanSeverity, number> = {
    critical: 0,
    high: 0,
    medium: 0,
    low: 0,
    unspecified: 0,
  };

  add(v: ScanVulnerability): void {
    this.counts[v.severity] += 1;
    const known = this.byId.get(v.id);
    if (!known) {
      this.byId.set(v.id, { ...v, packages: [...v.packages] });
      return;
    }
    if (SCAN_RANK[v.severity] > SCAN_RANK[known.severity]) known.severity = v.severity;
    known.score = Math.max(known.score ?? 0, v.score ?? 0) || undefined;
    known.title ??= v.title;
    known.solution ??= v.solution;
    for (const p of v.packages) {
      if (!known.packages.some((k) => k.name === p.name && k.version === p.version)) known.packages.push(p);
    }
  }

  result(format: ScanResult['format'], tool?: string, toolVersion?: string): ScanResult {
    const vulnerabilities = [...this.byId.values()].sort(
      (a, b) => SCAN_RANK[b.severity] - SCAN_RANK[a.severity] || a.id.localeCompare(b.id),
    );
    return { format, tool, toolVersion, vulnerabilities, counts: { ...this.counts } };
  }
}

/** One `Label : value` line of a Scout result message. */
export function messageField(text: string, label: string): string | undefined {
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === label.toLowerCase()) {
      return line.slice(colon + 1).trim();
    }
  }
  return undefined;
}

export function fixedVersion(text: string | undefined): string | undefined {
  const t = text?.trim();
  return !t || t.toLowerCase() === 'not fixed' ? undefined : t;
}

const OS_PURL_TYPES = new Set(['deb', 'rpm', 'apk', 'alpm']);

/** `pkg:deb/debian/openssl@3.0.11-1%2Bdeb12u2?arch=amd64` → openssl 3.0.11-1+deb12u2. */
export function packageOfPurl(purl: string): { name: string; version?: string } {
  let body = purl.replace(/^pkg:/, '').split(/[?#]/)[0] ?? '';
  let version: string | undefined;
  const at = body.lastIndexOf('@');
  if (at > 0) {
    version = decode(body.slice(at + 1));
    body = body.slice(0, at);
  }
  const [type = '', ...path] = body.split('/');
  if (path.length === 0) return { name: decode(body), version };
  // A distribution's namespace (`debian`) is noise; a Go module's or npm scope's is part of the name.
  const name = OS_PURL_TYPES.has(type.toLowerCase()) ? path[path.length - 1] : path.join('/');
  return { name: decode(name ?? body), version };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
