import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeImageRef, packageOfPurl, parseScanResult, type ScanResult } from './scan-results.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/scout/${name}`, import.meta.url), 'utf8');

function scan(text: string): ScanResult {
  const parsed = parseScanResult(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.scan;
}

const reason = (text: string) => {
  const parsed = parseScanResult(text);
  return parsed.ok ? 'accepted' : parsed.reason;
};

describe('parseScanResult: docker scout cves --format sarif', () => {
  it('reads one vulnerability per rule, counts per result, package and fix from the result message', () => {
    const result = scan(fixture('acme-api-1.4.sarif'));
    expect(result).toMatchObject({ format: 'sarif', tool: 'docker scout', toolVersion: '1.15.0' });
    expect(result.counts).toEqual({ critical: 2, high: 0, medium: 2, low: 1, unspecified: 0 });
    expect(result.vulnerabilities.map((v) => [v.id, v.severity])).toEqual([
      ['CVE-2023-45853', 'critical'],
      ['CVE-2024-45491', 'critical'],
      ['CVE-2023-5678', 'medium'],
      ['CVE-2011-3374', 'low'],
    ]);
    const [zlib, expat, openssl] = result.vulnerabilities;
    expect(expat).toMatchObject({
      score: 9.8,
      packages: [{ name: 'expat', version: '2.5.0-1', fixedVersion: '2.5.0-1+deb12u1' }],
    });
    // `not fixed` is no version; the purl's %3A is the Debian epoch's colon.
    expect(zlib?.packages).toEqual([{ name: 'zlib', version: '1:1.2.13.dfsg-1', fixedVersion: undefined }]);
    expect(openssl?.packages).toHaveLength(1);
  });

  it('accepts a clean result, null results (Go encoders) and a severity from tags, score or level', () => {
    expect(scan(fixture('acme-api-1.4-clean.sarif')).vulnerabilities).toEqual([]);
    const run = (rules: unknown[], results: unknown) => ({
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'docker scout', rules } }, results }],
    });
    expect(scan(JSON.stringify(run([], null))).vulnerabilities).toEqual([]);
    const guessed = scan(
      JSON.stringify(
        run(
          [
            { id: 'CVE-1', properties: { tags: ['HIGH'] } },
            { id: 'CVE-2', properties: { 'security-severity': '9.1' } },
            { id: 'GHSA-3', properties: { cvssV3_severity: 42 } },
          ],
          [
            { ruleId: 'CVE-1', message: { text: 'x' } },
            { ruleIndex: 1 },
            {
              ruleId: 'GHSA-3',
              level: 'note',
              locations: [{ physicalLocation: { artifactLocation: { uri: '/app/x' } } }],
            },
            { ruleId: 'CVE-4', level: 'error' },
          ],
        ),
      ),
    );
    expect(guessed.vulnerabilities.map((v) => [v.id, v.severity])).toEqual([
      ['CVE-2', 'critical'],
      ['CVE-1', 'high'],
      ['CVE-4', 'high'],
      ['GHSA-3', 'low'],
    ]);
    expect(guessed.vulnerabilities.find((v) => v.id === 'GHSA-3')?.packages).toEqual([
      { name: '/app/x', fixedVersion: undefined },
    ]);
  });

  it('refuses truncated, unknown, incomplete and failed results with a reason that quotes no body', () => {
    const full = fixture('acme-api-1.4.sarif');
    expect(reason(full.slice(0, full.length / 2))).toBe('body is not valid JSON (truncated upload?)');
    expect(reason('')).toBe('empty body');
    expect(reason('{"hello":"world"}')).toMatch(/^unknown format: expected the output of `docker scout cves/);
    expect(reason('[1,2]')).toMatch(/^unknown format/);
    expect(reason('{"version":"2.1.0","runs":[]}')).toBe(
      'not a valid SARIF file: runs: no run: expected one run per image',
    );
    expect(reason('{"runs":[{"tool":{"driver":{"name":"docker scout"}}}]}')).toMatch(
      /^not a valid SARIF file: runs\.0\.results: /,
    );
    expect(reason('{"runs":[{"tool":{"driver":{"name":"s"}},"results":[{"level":"error"}]}]}')).toBe(
      'runs.0.results.0: no ruleId',
    );
    expect(
      reason(
        '{"runs":[{"tool":{"driver":{"name":"s"}},"results":[],"invocations":[{"executionSuccessful":false}]}]}',
      ),
    ).toBe('runs.0: the scan did not complete (executionSuccessful false)');
  });
});

describe('parseScanResult: docker scout cves --format gitlab', () => {
  it('reads the CVE identifier, severity words and packages; merges one CVE in two packages', () => {
    const result = scan(fixture('acme-api-1.4.gitlab.json'));
    expect(result).toMatchObject({ format: 'gitlab', tool: 'Docker Scout', toolVersion: '1.15.0' });
    expect(result.counts).toEqual({ critical: 1, high: 2, medium: 1, low: 0, unspecified: 1 });
    expect(result.vulnerabilities.map((v) => [v.id, v.severity, v.packages.map((p) => p.name)])).toEqual([
      ['CVE-2024-45491', 'critical', ['expat']],
      ['CVE-2023-44487', 'high', ['nghttp2', 'libnghttp2-14']],
      ['CVE-2023-5678', 'medium', ['openssl']],
      ['CVE-2011-3374', 'unspecified', ['apt']],
    ]);
    expect(result.vulnerabilities[0]?.solution).toBe('Upgrade expat to 2.5.0-1+deb12u1');
  });

  it('refuses a failed scan, an unknown severity and a vulnerability without an identifier', () => {
    const report = JSON.parse(fixture('acme-api-1.4.gitlab.json'));
    expect(reason(JSON.stringify({ ...report, scan: { ...report.scan, status: 'failure' } }))).toBe(
      'the scan did not complete (scan.status failure)',
    );
    const one = (v: Record<string, unknown>) => JSON.stringify({ version: '15.0.7', vulnerabilities: [v] });
    expect(
      reason(one({ severity: 'Severe', identifiers: [{ type: 'cve', name: 'x', value: 'CVE-1' }] })),
    ).toBe('vulnerabilities.0.severity: unknown severity');
    expect(reason(one({ severity: 'High' }))).toBe('vulnerabilities.0: no identifier');
    expect(reason(JSON.stringify({ vulnerabilities: [] }))).toMatch(
      /^not a valid GitLab container-scanning report: version: /,
    );
  });
});

describe('packageOfPurl', () => {
  it('drops a distribution namespace, keeps a Go module path or npm scope, decodes the version', () => {
    expect(packageOfPurl('pkg:deb/debian/openssl@3.0.11-1%2Bdeb12u2?arch=amd64')).toEqual({
      name: 'openssl',
      version: '3.0.11-1+deb12u2',
    });
    expect(packageOfPurl('pkg:golang/golang.org/x/net@v0.17.0')).toEqual({
      name: 'golang.org/x/net',
      version: 'v0.17.0',
    });
    expect(packageOfPurl('pkg:npm/%40babel/traverse@7.22.0')).toEqual({
      name: '@babel/traverse',
      version: '7.22.0',
    });
  });
});

describe('normalizeImageRef', () => {
  it('spells one image one way', () => {
    expect(normalizeImageRef('acme/api:1.4')).toBe('acme/api:1.4');
    expect(normalizeImageRef('docker.io/acme/api:1.4')).toBe('acme/api:1.4');
    expect(normalizeImageRef('registry://index.docker.io/acme/api:1.4')).toBe('acme/api:1.4');
    expect(normalizeImageRef('library/nginx')).toBe('nginx:latest');
    expect(normalizeImageRef('ghcr.io/Acme-Org/api:1.4')).toBeUndefined();
    expect(normalizeImageRef('GHCR.io/acme/api:v1.4-rc.1')).toBe('ghcr.io/acme/api:v1.4-rc.1');
    expect(normalizeImageRef('localhost:5000/api')).toBe('localhost:5000/api:latest');
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(normalizeImageRef(`acme/api@${digest}`)).toBe(`acme/api@${digest}`);
  });

  it('refuses what is not an image reference', () => {
    for (const bad of [
      '',
      ' ',
      'acme/api:',
      'acme//api',
      'acme/api:1.4 extra',
      'Acme/api',
      'acme/api@sha256:12',
      ':1.4',
    ]) {
      expect(normalizeImageRef(bad), bad).toBeUndefined();
    }
  });
});
