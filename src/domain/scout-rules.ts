/**
 * Docker Scout rules (product.md §5): a policy failing for some images of a stream, new critical or high
 * vulnerabilities in a stream (from the metrics exporter, docker-apis.md §7.1), and the vulnerabilities of
 * one image that CI posted (`docker scout cves`, §7.3). Pure: counts in, findings out.
 *
 * "Open in Docker" links: Docker documents no URL scheme for the Scout dashboard, so these are the paths
 * the dashboard uses today (seen in public links), and may move: `/reports/org/<org>/overview` and the
 * CLI's `https://scout.docker.com/v/<CVE>`.
 */
import { atLeast, type Evaluation, type Finding, type Severity } from './alerts.js';
import type { ScanResult, ScanVulnerability } from './scan-results.js';

export const SCOUT_RULES = {
  policy: 'scout.policy',
  vulnerabilities: 'scout.vulnerabilities',
  image: 'scout.image',
} as const;

/** One policy in one stream: `null` when the exporter left that gauge out or sent NaN. */
export interface PolicyCount {
  policyId: string;
  displayName: string;
  stream: string;
  compliant: number | null;
  evaluated: number | null;
}

export interface VulnerabilityCount {
  stream: string;
  /** Lowercased label value: `critical`, `high`, `medium`, `low`, `unspecified` [INF]. */
  severity: string;
  count: number;
}

/** What one scrape of the exporter says. */
export interface ScoutMetrics {
  policies: PolicyCount[];
  vulnerabilities: VulnerabilityCount[];
}

/** A policy with fewer compliant images than evaluated ones in its stream (both gauges known). */
export const isFailingPolicy = (p: PolicyCount): boolean =>
  p.compliant !== null && p.evaluated !== null && p.compliant < p.evaluated;

export function scoutOverviewUrl(org: string): string {
  return `https://scout.docker.com/reports/org/${encodeURIComponent(org)}/overview`;
}

export function vulnerabilityUrl(id: string): string {
  return `https://scout.docker.com/v/${encodeURIComponent(id)}`;
}

/** `9 of 12 (75%)`; floored, so a failing policy never shows 100%. */
export function complianceText(compliant: number, evaluated: number): string {
  if (evaluated <= 0) return 'no images evaluated';
  return `${compliant} of ${evaluated} (${Math.floor((compliant / evaluated) * 100)}%)`;
}

const LABEL: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };
const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

const policyEntity = (p: PolicyCount) => `${p.policyId}@${p.stream}`;

/**
 * A policy whose compliant images are fewer than its evaluated images in a stream; resolves when they match.
 * A policy with a gauge missing from the scrape is unknown: it neither opens nor resolves anything.
 */
export function policyFindings(metrics: ScoutMetrics, org: string): Evaluation {
  const findings: Finding[] = [];
  const unknown = new Set<string>();
  const passing = new Set<string>();
  for (const p of metrics.policies) {
    if (p.compliant === null || p.evaluated === null) {
      unknown.add(policyEntity(p));
      continue;
    }
    if (p.compliant >= p.evaluated) {
      passing.add(policyEntity(p));
      continue;
    }
    const failing = p.evaluated - p.compliant;
    findings.push({
      rule: SCOUT_RULES.policy,
      entity: policyEntity(p),
      severity: 'high',
      title: `Policy “${p.displayName}” fails for ${failing} of ${p.evaluated} images in ${p.stream}`,
      facts: [
        ['Policy', p.displayName],
        ['Stream', p.stream],
        ['Compliant', complianceText(p.compliant, p.evaluated)],
      ],
      advice: `Open the policy in Docker Scout to see which images violate it and how to fix them; the alert resolves once every image evaluated in ${p.stream} complies.`,
      link: scoutOverviewUrl(org),
    });
  }
  return {
    rule: SCOUT_RULES.policy,
    findings,
    scope: (entity) => !unknown.has(entity),
    cleared: (entity) => (passing.has(entity) ? 'every evaluated image complies again' : undefined),
  };
}

/** The severities whose rises alert. */
export const WATCHED_SEVERITIES = ['critical', 'high'] as const satisfies readonly Severity[];
type Watched = (typeof WATCHED_SEVERITIES)[number];

/**
 * A rise being watched: the count a stream had before it went up, and when. The alert stays open while the
 * count is above `baseline` (further rises keep the first baseline) and resolves once it is back at or below
 * it, so fixing only the newest vulnerabilities is enough, and a stream that rises then falls alerts once.
 */
export interface VulnerabilityWatch {
  stream: string;
  severity: Watched;
  baseline: number;
  /** ISO time of the scrape that saw the rise. */
  since: string;
}

const countKey = (stream: string, severity: string) => `${stream}\n${severity}`;

function countsOf(rows: VulnerabilityCount[]): Map<string, number> {
  return new Map(rows.map((r) => [countKey(r.stream, r.severity), r.count]));
}

/**
 * The next watches from the previous and current scrape. No previous scrape (the first one): nothing rose,
 * the current counts are the starting level. A stream missing from a scrape counts 0, so a new stream with
 * critical vulnerabilities alerts and a removed stream resolves.
 */
export function watchVulnerabilities(
  previous: VulnerabilityCount[] | null,
  current: VulnerabilityCount[],
  watches: VulnerabilityWatch[],
  now: Date,
): VulnerabilityWatch[] {
  const before = previous ? countsOf(previous) : null;
  const after = countsOf(current);
  const next = new Map<string, VulnerabilityWatch>();
  for (const w of watches) {
    if ((after.get(countKey(w.stream, w.severity)) ?? 0) > w.baseline)
      next.set(countKey(w.stream, w.severity), w);
  }
  if (!before) return [...next.values()];
  const streams = new Set([...current, ...(previous ?? [])].map((r) => r.stream));
  for (const stream of streams) {
    for (const severity of WATCHED_SEVERITIES) {
      const key = countKey(stream, severity);
      if (next.has(key)) continue;
      const was = before.get(key) ?? 0;
      if ((after.get(key) ?? 0) > was)
        next.set(key, { stream, severity, baseline: was, since: now.toISOString() });
    }
  }
  return [...next.values()].sort(
    (a, b) => a.stream.localeCompare(b.stream) || a.severity.localeCompare(b.severity),
  );
}

/** One alert per watched rise, worded with the current count. */
export function vulnerabilityFindings(
  current: VulnerabilityCount[],
  watches: VulnerabilityWatch[],
  org: string,
): Evaluation {
  const counts = countsOf(current);
  const findings: Finding[] = watches.map((w) => {
    const now = counts.get(countKey(w.stream, w.severity)) ?? 0;
    const added = now - w.baseline;
    return {
      rule: SCOUT_RULES.vulnerabilities,
      entity: `${w.stream}:${w.severity}`,
      severity: w.severity,
      title: `${added} new ${w.severity} ${added === 1 ? 'vulnerability' : 'vulnerabilities'} in ${w.stream} (${now}, was ${w.baseline})`,
      facts: [
        ['Stream', w.stream],
        ['Severity', LABEL[w.severity]],
        ['Now', String(now)],
        ['Before', String(w.baseline)],
      ],
      advice: `Open Docker Scout to see which images in ${w.stream} gained ${w.severity} vulnerabilities, then update their base images or packages; the alert resolves once the stream is back at ${w.baseline} or fewer.`,
      link: scoutOverviewUrl(org),
      since: w.since,
    };
  });
  const counted = new Set(current.map((r) => `${r.stream}:${r.severity}`));
  return {
    rule: SCOUT_RULES.vulnerabilities,
    findings,
    cleared: (entity) => (counted.has(entity) ? 'back at or below the count before the rise' : undefined),
  };
}

/** Both exporter rules for a scrape and the watches computed for it. */
export function scoutEvaluations(
  metrics: ScoutMetrics,
  watches: VulnerabilityWatch[],
  org: string,
): Evaluation[] {
  return [policyFindings(metrics, org), vulnerabilityFindings(metrics.vulnerabilities, watches, org)];
}

const PACKAGES_SHOWN = 5;

function packagesText(v: ScanVulnerability): string {
  const shown = v.packages
    .slice(0, PACKAGES_SHOWN)
    .map((p) => (p.version ? `${p.name} ${p.version}` : p.name));
  const more = v.packages.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

function imageAdvice(image: string, v: ScanVulnerability): string {
  const fixes = v.packages.filter((p) => p.fixedVersion).map((p) => `${p.name} ${p.fixedVersion}`);
  const resolves = `the alert resolves when CI posts a result for ${image} without it.`;
  if (fixes.length > 0) {
    return `Update to ${fixes.slice(0, PACKAGES_SHOWN).join(', ')} (or a base image that has it) and rebuild; ${resolves}`;
  }
  if (v.solution) return `${v.solution.slice(0, 300)}; ${resolves}`;
  return `No fix is published yet: consider another base image or package, or record a VEX statement if it does not apply; ${resolves}`;
}

/**
 * At most this many alerts from one CI result: a SARIF of a large image can list tens of thousands of
 * vulnerabilities, and an alert each would bury every channel. The most severe are kept; the ingest
 * answer says how many more there were.
 */
export const IMAGE_ALERTS_MAX = 500;

export interface ImageEvaluation extends Evaluation {
  /** Vulnerabilities at or above the minimum severity, alerted or not. */
  eligible: number;
  /** Of those, how many got no alert because of the cap. */
  omitted: number;
}

/**
 * One alert per vulnerability of `image` at or above `minSeverity`, the `max` most severe when there are
 * more; `scope` makes the result the whole truth about this image only, so a clean result resolves this
 * image's alerts and no other image's. Entities are `<image> <vulnerability id>` (an image reference has
 * no spaces).
 */
export function imageFindings(
  image: string,
  scan: ScanResult,
  minSeverity: Severity,
  max = IMAGE_ALERTS_MAX,
): ImageEvaluation {
  let eligible = scan.vulnerabilities.filter(
    (v): v is ScanVulnerability & { severity: Severity } =>
      v.severity !== 'unspecified' && atLeast(v.severity, minSeverity),
  );
  const count = eligible.length;
  if (count > max) eligible = [...eligible].sort((a, b) => RANK[b.severity] - RANK[a.severity]).slice(0, max);
  const findings: Finding[] = eligible.map((v) => {
    const packages = packagesText(v);
    const facts: Array<[string, string]> = [
      ['Image', image],
      ['Vulnerability', v.id],
      ['Severity', `${LABEL[v.severity]}${v.score ? ` (CVSS ${v.score})` : ''}`],
    ];
    if (packages) facts.push(['Packages', packages]);
    const fixed = v.packages.filter((p) => p.fixedVersion).map((p) => p.fixedVersion);
    if (v.packages.length > 0) facts.push(['Fixed in', fixed.length > 0 ? fixed.join(', ') : 'not fixed']);
    return {
      rule: SCOUT_RULES.image,
      entity: `${image} ${v.id}`,
      severity: v.severity,
      title: `${LABEL[v.severity]} ${v.id} in ${image}${v.packages[0] ? ` (${v.packages[0].name})` : ''}`,
      facts,
      advice: imageAdvice(image, v),
      link: vulnerabilityUrl(v.id),
    };
  });
  const prefix = `${image} `;
  return {
    rule: SCOUT_RULES.image,
    findings,
    scope: (entity) => entity.startsWith(prefix),
    eligible: count,
    omitted: count - findings.length,
    cleared: () => `the latest CI result for ${image} no longer has it`,
  };
}
