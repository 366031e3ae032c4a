import { describe, expect, it } from 'vitest';
import { planEvaluation } from './alerts.js';
import type { ScanResult } from './scan-results.js';
import {
  imageFindings,
  policyFindings,
  type ScoutMetrics,
  type VulnerabilityCount,
  vulnerabilityFindings,
  watchVulnerabilities,
} from './scout-rules.js';

const T0 = new Date('2026-11-21T08:00:00Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

const policy = (stream: string, compliant: number | null, evaluated: number | null) => ({
  policyId: 'pol-1',
  displayName: 'No fixable critical or high vulnerabilities',
  stream,
  compliant,
  evaluated,
});

describe('policyFindings', () => {
  it('opens one high alert per policy and stream with fewer compliant than evaluated images', () => {
    const metrics: ScoutMetrics = {
      policies: [policy('production', 9, 12), policy('staging', 5, 5), policy('latest-indexed', 0, 0)],
      vulnerabilities: [],
    };
    const { rule, findings } = policyFindings(metrics, 'acme');
    expect(rule).toBe('scout.policy');
    expect(findings).toEqual([
      {
        rule: 'scout.policy',
        entity: 'pol-1@production',
        severity: 'high',
        title: 'Policy “No fixable critical or high vulnerabilities” fails for 3 of 12 images in production',
        facts: [
          ['Policy', 'No fixable critical or high vulnerabilities'],
          ['Stream', 'production'],
          ['Compliant', '9 of 12 (75%)'],
        ],
        advice: expect.stringContaining('resolves once every image evaluated in production complies'),
        link: 'https://scout.docker.com/reports/org/acme/overview',
      },
    ]);
  });

  it('neither opens nor resolves a policy whose gauges are missing from the scrape', () => {
    const evaluation = policyFindings(
      { policies: [policy('production', null, 12)], vulnerabilities: [] },
      'acme',
    );
    expect(evaluation.findings).toEqual([]);
    expect(evaluation.scope?.('pol-1@production')).toBe(false);
    expect(evaluation.scope?.('pol-1@staging')).toBe(true);
    const open = planEvaluation(
      [],
      policyFindings({ policies: [policy('production', 9, 12)], vulnerabilities: [] }, 'acme'),
      at(0),
    ).changed;
    expect(planEvaluation(open, evaluation, at(1)).resolved).toEqual([]);
  });
});

const counts = (rows: Array<[string, string, number]>): VulnerabilityCount[] =>
  rows.map(([stream, severity, count]) => ({ stream, severity, count }));

describe('watchVulnerabilities and vulnerabilityFindings', () => {
  it('sets the level on the first scrape, watches a rise, keeps the first baseline, resolves at it', () => {
    const first = counts([
      ['production', 'critical', 1],
      ['production', 'high', 12],
      ['production', 'medium', 40],
    ]);
    expect(watchVulnerabilities(null, first, [], at(0))).toEqual([]);

    const rose = counts([
      ['production', 'critical', 3],
      ['production', 'high', 12],
      ['production', 'medium', 90],
    ]);
    const watches = watchVulnerabilities(first, rose, [], at(1));
    expect(watches).toEqual([
      { stream: 'production', severity: 'critical', baseline: 1, since: at(1).toISOString() },
    ]);
    expect(vulnerabilityFindings(rose, watches, 'acme').findings).toEqual([
      {
        rule: 'scout.vulnerabilities',
        entity: 'production:critical',
        severity: 'critical',
        title: '2 new critical vulnerabilities in production (3, was 1)',
        facts: [
          ['Stream', 'production'],
          ['Severity', 'Critical'],
          ['Now', '3'],
          ['Before', '1'],
        ],
        advice: expect.stringContaining('back at 1 or fewer'),
        link: 'https://scout.docker.com/reports/org/acme/overview',
        since: at(1).toISOString(),
      },
    ]);

    // A further rise keeps the first baseline; a partial fix keeps it open.
    const more = counts([['production', 'critical', 4]]);
    const still = watchVulnerabilities(rose, more, watches, at(2));
    expect(still).toEqual(watches);
    expect(vulnerabilityFindings(more, still, 'acme').findings[0]?.title).toBe(
      '3 new critical vulnerabilities in production (4, was 1)',
    );
    const fewer = counts([['production', 'critical', 2]]);
    expect(watchVulnerabilities(more, fewer, still, at(3))).toEqual(watches);
    // Back at the level before the rise: the watch ends, so the alert resolves.
    const back = counts([['production', 'critical', 1]]);
    expect(watchVulnerabilities(fewer, back, still, at(4))).toEqual([]);
  });

  it('treats a new stream as rising from 0 and a removed stream as back at 0', () => {
    const before = counts([['production', 'high', 2]]);
    const after = counts([
      ['staging', 'high', 1],
      ['production', 'high', 2],
    ]);
    const watches = watchVulnerabilities(before, after, [], at(1));
    expect(watches.map((w) => [w.stream, w.severity, w.baseline])).toEqual([['staging', 'high', 0]]);
    expect(watchVulnerabilities(after, counts([['production', 'high', 2]]), watches, at(2))).toEqual([]);
    expect(vulnerabilityFindings(after, watches, 'acme').findings[0]?.title).toBe(
      '1 new high vulnerability in staging (1, was 0)',
    );
  });
});

const result = (vulnerabilities: ScanResult['vulnerabilities']): ScanResult => ({
  format: 'sarif',
  vulnerabilities,
  counts: { critical: 0, high: 0, medium: 0, low: 0, unspecified: 0 },
});

describe('imageFindings', () => {
  const scan = result([
    {
      id: 'CVE-2024-45491',
      severity: 'critical',
      score: 9.8,
      packages: [{ name: 'expat', version: '2.5.0-1', fixedVersion: '2.5.0-1+deb12u1' }],
    },
    { id: 'CVE-2023-45853', severity: 'critical', packages: [{ name: 'zlib', version: '1:1.2.13.dfsg-1' }] },
    { id: 'CVE-2023-44487', severity: 'high', packages: [] },
    { id: 'CVE-2023-5678', severity: 'medium', packages: [{ name: 'openssl' }] },
    { id: 'CVE-2011-3374', severity: 'unspecified', packages: [{ name: 'apt' }] },
  ]);

  it('one alert per vulnerability at or above the minimum severity, entity `<image> <id>`', () => {
    const evaluation = imageFindings('acme/api:1.4', scan, 'critical');
    expect(evaluation.findings.map((f) => [f.entity, f.severity])).toEqual([
      ['acme/api:1.4 CVE-2024-45491', 'critical'],
      ['acme/api:1.4 CVE-2023-45853', 'critical'],
    ]);
    const [expat, zlib] = evaluation.findings;
    expect(expat).toMatchObject({
      rule: 'scout.image',
      title: 'Critical CVE-2024-45491 in acme/api:1.4 (expat)',
      facts: [
        ['Image', 'acme/api:1.4'],
        ['Vulnerability', 'CVE-2024-45491'],
        ['Severity', 'Critical (CVSS 9.8)'],
        ['Packages', 'expat 2.5.0-1'],
        ['Fixed in', '2.5.0-1+deb12u1'],
      ],
      link: 'https://scout.docker.com/v/CVE-2024-45491',
    });
    expect(expat?.advice).toMatch(/^Update to expat 2\.5\.0-1\+deb12u1/);
    expect(zlib?.advice).toMatch(/^No fix is published yet/);
    expect(imageFindings('acme/api:1.4', scan, 'low').findings).toHaveLength(4);
  });

  it('is the whole truth about its image only', () => {
    const { scope } = imageFindings('acme/api:1.4', result([]), 'high');
    expect(scope?.('acme/api:1.4 CVE-2024-45491')).toBe(true);
    expect(scope?.('acme/api:1.40 CVE-2024-45491')).toBe(false);
    expect(scope?.('acme/web:1.4 CVE-2024-45491')).toBe(false);
  });
});
