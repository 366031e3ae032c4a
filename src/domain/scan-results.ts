/**
 * `docker scout cves` results a CI job posts (docker-apis.md §7.3): `--format sarif` (SARIF 2.1.0, shape in
 * §12) or `--format gitlab` (GitLab's container-scanning report). Pure: text in, vulnerabilities out.
 * Only the fields used are validated; unknown fields are ignored and cosmetic ones may be missing.
 */
import { z } from 'zod';

export const SCAN_SEVERITIES = ['critical', 'high', 'medium', 'low', 'unspecified'] as const;
export type ScanSeverity = (typeof SCAN_SEVERITIES)[number];

const SCAN_RANK: Record<ScanSeverity, number> = { critical: 5, high: 4, medium: 3, low: 2, unspecified: 1 };

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
const loose = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const SarifRule = z.object({
  id: z.string().min(1),
  shortDescription: loose(z.object({ text: loose(z.string()) })),
  properties: loose(
    z.object({
      cvssV3_severity: loose(z.string()),
      'security-severity': loose(z.union([z.string(), z.number()])),
      fixed_version: loose(z.string()),
      purls: loose(z.array(z.string())),
      purl: loose(z.string()),
      tags: loose(z.array(z.string())),
    }),
  ),
});

const SarifResult = z.object({
  ruleId: z.string().min(1).optional(),
  ruleIndex: z.number().int().min(0).optional(),
  level: loose(z.string()),
  message: loose(z.object({ text: loose(z.string()) })),
  locations: loose(
    z.array(
      z.object({
        physicalLocation: loose(z.object({ artifactLocation: loose(z.object({ uri: loose(z.string()) })) })),
      }),
    ),
  ),
});

const Sarif = z.object({
  version: loose(z.string()),
  runs: z
    .array(
      z.object({
        tool: z.object({
          driver: z.object({
            name: z.string(),
            version: loose(z.string()),
            rules: z
              .array(SarifRule)
              .nullish()
              .transform((v) => v ?? []),
          }),
        }),
        // Required: SARIF leaves `results` out when the tool did not run. Go encoders (the Scout CLI is Go)
        // write an empty list as null, so null means "no results".
        results: z
          .array(SarifResult)
          .nullable()
          .transform((v) => v ?? []),
        invocations: loose(z.array(z.object({ executionSuccessful: loose(z.boolean()) }))),
      }),
    )
    .min(1, 'no run: expected one run per image'),
});

const GitlabVulnerability = z.object({
  id: loose(z.string()),
  name: loose(z.string()),
  description: loose(z.string()),
  message: loose(z.string()),
  cve: loose(z.string()),
  severity: z.string(),
  solution: loose(z.string()),
  identifiers: z
    .array(z.object({ type: z.string(), name: loose(z.string()), value: z.string() }))
    .default([]),
  location: loose(
    z.object({
      image: loose(z.string()),
      dependency: loose(
        z.object({ package: loose(z.object({ name: loose(z.string()) })), version: loose(z.string()) }),
      ),
    }),
  ),
});

const Gitlab = z.object({
  version: z.string(),
  vulnerabilities: z
    .array(GitlabVulnerability)
    .nullable()
    .transform((v) => v ?? []),
  scan: loose(
    z.object({
      scanner: loose(z.object({ name: loose(z.string()), version: loose(z.string()) })),
      status: loose(z.string()),
    }),
  ),
});

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
function severityOfScore(score: number | undefined): ScanSeverity | undefined {
  if (score === undefined) return undefined;
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return score > 0 ? 'low' : 'unspecified';
}

/** SARIF `level`, the last resort [INF]: Scout sets the severity on the rule. */
const LEVELS: Record<string, ScanSeverity> = { error: 'high', warning: 'medium', note: 'low' };

/** Reads a body posted by CI: JSON, then SARIF or GitLab by its top-level keys. */
export function parseScanResult(body: string): ScanParse {
  const text = body.replace(/^\uFEFF/, '');
  if (text.trim() === '') return { ok: false, reason: 'empty body' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The parser's message quotes the body: say what happened without it.
    return { ok: false, reason: 'body is not valid JSON (truncated upload?)' };
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if ('runs' in value) return parseSarif(value);
    if ('vulnerabilities' in value) return parseGitlab(value);
  }
  return {
    ok: false,
    reason: 'unknown format: expected the output of `docker scout cves --format sarif` or `--format gitlab`',
  };
}

function invalid(what: string, error: z.ZodError): ScanParse {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { ok: false, reason: `not a valid ${what}: ${where}${issue?.message ?? 'schema mismatch'}` };
}

export function parseSarif(value: unknown): ScanParse {
  const parsed = Sarif.safeParse(value);
  if (!parsed.success) return invalid('SARIF file', parsed.error);
  const merged = new Merged();
  for (const [r, run] of parsed.data.runs.entries()) {
    if (run.invocations?.some((i) => i.executionSuccessful === false)) {
      return { ok: false, reason: `runs.${r}: the scan did not complete (executionSuccessful false)` };
    }
    const rules = run.tool.driver.rules;
    const byId = new Map(rules.map((rule) => [rule.id, rule]));
    for (const [i, result] of run.results.entries()) {
      const rule =
        (result.ruleId !== undefined ? byId.get(result.ruleId) : undefined) ??
        (result.ruleIndex !== undefined ? rules[result.ruleIndex] : undefined);
      const id = result.ruleId ?? rule?.id;
      if (!id) return { ok: false, reason: `runs.${r}.results.${i}: no ruleId` };
      const props = rule?.properties;
      const score = Number(props?.['security-severity']);
      const message = result.message?.text ?? '';
      // The message is per result, so its package and fixed version beat the rule's, which describe one
      // package of possibly several (§12; [INF] from public parsers of Scout's SARIF).
      const purl = /pkg:\S+/.exec(message)?.[0] ?? props?.purls?.[0] ?? props?.purl;
      const uri = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
      const pkg = purl ? packageOfPurl(purl) : uri ? { name: uri } : undefined;
      const fixed = messageField(message, 'Fixed version') ?? props?.fixed_version;
      merged.add({
        id,
        severity:
          scanSeverity(props?.cvssV3_severity) ??
          props?.tags?.map(scanSeverity).find((s) => s !== undefined) ??
          severityOfScore(Number.isFinite(score) ? score : undefined) ??
          LEVELS[result.level ?? ''] ??
          'unspecified',
        score: Number.isFinite(score) ? score : undefined,
        title: rule?.shortDescription?.text,
        packages: pkg ? [{ ...pkg, fixedVersion: fixedVersion(fixed) }] : [],
      });
    }
  }
  const driver = parsed.data.runs[0]?.tool.driver;
  return { ok: true, scan: merged.result('sarif', driver?.name, driver?.version) };
}

export function parseGitlab(value: unknown): ScanParse {
  const parsed = Gitlab.safeParse(value);
  if (!parsed.success) return invalid('GitLab container-scanning report', parsed.error);
  const { vulnerabilities, scan } = parsed.data;
  if (scan?.status && scan.status.toLowerCase() !== 'success') {
    return { ok: false, reason: `the scan did not complete (scan.status ${scan.status.slice(0, 40)})` };
  }
  const merged = new Merged();
  for (const [i, v] of vulnerabilities.entries()) {
    const severity = scanSeverity(v.severity);
    if (!severity) return { ok: false, reason: `vulnerabilities.${i}.severity: unknown severity` };
    const cve = v.identifiers.find((x) => x.type.toLowerCase() === 'cve');
    const id = cve?.value ?? v.identifiers[0]?.value ?? v.cve ?? v.name ?? v.id;
    if (!id) return { ok: false, reason: `vulnerabilities.${i}: no identifier` };
    const dependency = v.location?.dependency;
    const name = dependency?.package?.name;
    merged.add({
      id,
      severity,
      title: v.name && v.name !== id ? v.name : (v.message ?? v.description),
      solution: v.solution,
      packages: name ? [{ name, version: dependency?.version }] : [],
    });
  }
  return { ok: true, scan: merged.result('gitlab', scan?.scanner?.name, scan?.scanner?.version) };
}

/** Results grouped by vulnerability id: the most severe wins, packages are collected. */
class Merged {
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
function messageField(text: string, label: string): string | undefined {
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === label.toLowerCase()) {
      return line.slice(colon + 1).trim();
    }
  }
  return undefined;
}

function fixedVersion(text: string | undefined): string | undefined {
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

const SCHEMES = /^(?:image|registry|local):\/\//;
const DOMAIN =
  /^(?:localhost|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::\d{1,5})?$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z][a-z0-9]*(?:[-_+.][a-z][a-z0-9]*)*:[0-9a-f]{32,}$/i;
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/**
 * An image reference (`acme/api:1.4`, `docker.io/acme/api:1.4`, `ghcr.io/acme/api@sha256:…`) in one spelling,
 * so the same image posted two ways is one image: Docker Hub's domain and `library/` dropped, `:latest` when
 * there is neither tag nor digest, and the CLI's `image://`/`registry://` prefixes removed. Undefined when it
 * is not a reference (distribution's grammar).
 */
export function normalizeImageRef(text: string): string | undefined {
  let rest = text.trim().replace(SCHEMES, '');
  if (rest.length === 0 || rest.length > 512) return undefined;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  const parts = rest.split('/');
  const first = parts[0] ?? '';
  let domain: string | undefined;
  if (
    parts.length > 1 &&
    (first.includes('.') || first.includes(':') || first.toLowerCase() === 'localhost')
  ) {
    domain = first.toLowerCase();
    parts.shift();
    if (!DOMAIN.test(domain)) return undefined;
  }
  if (parts.length === 0 || !parts.every((p) => PATH_COMPONENT.test(p))) return undefined;
  if (domain && DOCKER_HUB.has(domain)) domain = undefined;
  if (!domain && parts.length === 2 && parts[0] === 'library') parts.shift();
  const name = `${domain ? `${domain}/` : ''}${parts.join('/')}`;
  if (name.length > 255) return undefined;
  if (!tag && !digest) tag = 'latest';
  return `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest.toLowerCase()}` : ''}`;
}
