import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scoutMetricsFrom } from './metrics.js';
import { parsePrometheusText } from './prometheus.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/scout/${name}`, import.meta.url), 'utf8');

describe('parsePrometheusText', () => {
  it('reads the exporter text: HELP and TYPE, blank lines, escaped label values', () => {
    const parsed = parsePrometheusText(fixture('exporter-metrics.txt'));
    expect(parsed.issues).toEqual([]);
    expect(parsed.samples).toHaveLength(20);
    expect(parsed.types.get('scout_policy_compliant_images')).toBe('gauge');
    expect(parsed.help.get('scout_stream_vulnerabilities')).toBe('Vulnerabilities in a stream');
    expect(parsed.samples[0]).toEqual({
      name: 'scout_stream_vulnerabilities',
      labels: { streamName: 'latest-indexed', severity: 'critical' },
      value: 4,
    });
    const agpl = parsed.samples.find((s) => s.labels.id?.startsWith('a1c3'));
    expect(agpl?.labels.displayName).toBe('No "AGPL v3" licenses \\ copyleft');
  });

  it('reads OpenMetrics: timestamps, NaN and +Inf, newlines in labels, nothing after # EOF', () => {
    const parsed = parsePrometheusText(fixture('exporter-metrics.openmetrics.txt'));
    expect(parsed.issues).toEqual([]);
    expect(parsed.samples.map((s) => [s.name, s.value, s.timestamp])).toEqual([
      ['scout_stream_vulnerabilities', 2, 1763712000],
      ['scout_stream_vulnerabilities', Number.NaN, undefined],
      ['scout_policy_compliant_images', 3, 1763712000],
      ['scout_policy_evaluated_images', Number.POSITIVE_INFINITY, 1763712000],
    ]);
    expect(parsed.samples[2]?.labels.displayName).toBe('Supply chain\nattestations');
  });

  it('accepts the format’s corners: CRLF, spacing, trailing comma, -Inf, exponents, exemplars', () => {
    const text = [
      '# a comment that is neither HELP nor TYPE',
      '# HELP m Help with \\\\ and \\n escapes',
      'm 1',
      '  m{ a = "x" , b="y,}=" , } 2.5e3 1700000000000\r',
      'm{} -Inf',
      'm{a="\\q"} .5',
      'm{a="1"} 7 # {trace_id="abc"} 1',
      '',
    ].join('\n');
    const parsed = parsePrometheusText(text);
    expect(parsed.issues).toEqual([]);
    expect(parsed.help.get('m')).toBe('Help with \\ and \n escapes');
    expect(parsed.samples).toEqual([
      { name: 'm', labels: {}, value: 1 },
      { name: 'm', labels: { a: 'x', b: 'y,}=' }, value: 2500, timestamp: 1700000000000 },
      { name: 'm', labels: {}, value: Number.NEGATIVE_INFINITY },
      { name: 'm', labels: { a: '\\q' }, value: 0.5 },
      { name: 'm', labels: { a: '1' }, value: 7 },
    ]);
  });

  it('skips unreadable lines with their line number and keeps the rest', () => {
    const text = [
      'good 1',
      'bad{a="unterminated} 1',
      'bad{a=x} 1',
      'bad 0x10',
      'bad 1 2 3',
      '<html>',
      'good{a="b"} 2',
    ].join('\n');
    const parsed = parsePrometheusText(text);
    expect(parsed.samples.map((s) => s.value)).toEqual([1, 2]);
    expect(parsed.issues.map((i) => i.line)).toEqual([2, 3, 4, 5, 6]);
    expect(parsed.issues[0]?.reason).toBe('unterminated label value');
    expect(parsed.issues[2]?.reason).toContain('is not a number');
  });
});

describe('scoutMetricsFrom', () => {
  it('joins the compliant and evaluated gauges per policy and stream, lowercases severities', () => {
    const { metrics, ignored } = scoutMetricsFrom(
      parsePrometheusText(fixture('exporter-metrics.txt')).samples,
    );
    expect(ignored).toBe(0);
    expect(metrics.vulnerabilities).toHaveLength(10);
    expect(metrics.policies).toContainEqual({
      policyId: 'd6a0a3a6-7d3b-4d4f-9a0e-3c1f2b7e9a01',
      displayName: 'No fixable critical or high vulnerabilities',
      stream: 'production',
      compliant: 9,
      evaluated: 12,
    });
    expect(metrics.policies).toHaveLength(5);
  });

  it('keeps NaN and +Inf as unknown and counts samples without their labels', () => {
    const text = `${fixture('exporter-metrics.openmetrics.txt')}`;
    const { metrics } = scoutMetricsFrom(parsePrometheusText(text).samples);
    expect(metrics.vulnerabilities).toEqual([{ stream: 'staging', severity: 'critical', count: 2 }]);
    expect(metrics.policies).toEqual([
      {
        policyId: 'p1',
        displayName: 'Supply chain\nattestations',
        stream: 'staging',
        compliant: 3,
        evaluated: null,
      },
    ]);
    const missing = parsePrometheusText(
      'scout_stream_vulnerabilities{severity="high"} 1\nscout_policy_evaluated_images{streamName="x"} 2\nother 3',
    );
    expect(scoutMetricsFrom(missing.samples).ignored).toBe(2);
  });
});
