import type { PolicyCount, ScoutMetrics, VulnerabilityCount } from '../../domain/scout-rules.js';
import type { PromSample } from './prometheus.js';

/** The exporter's gauges (docker-apis.md §7.1); other metrics are ignored. */
export const SCOUT_METRICS = {
  vulnerabilities: 'scout_stream_vulnerabilities',
  compliant: 'scout_policy_compliant_images',
  evaluated: 'scout_policy_evaluated_images',
} as const;

/** A gauge value we can count with: NaN and ±Inf mean "no value". */
const count = (value: number): number | null => (Number.isFinite(value) ? value : null);

/**
 * The exporter's samples as counts: one row per (stream, severity) and per (policy id, stream), the
 * compliant and evaluated gauges joined. A gauge missing from the scrape (or NaN) stays null, so the rules
 * can tell "unknown" from "0". `ignored` counts known-metric samples without the labels they need.
 */
export function scoutMetricsFrom(samples: PromSample[]): { metrics: ScoutMetrics; ignored: number } {
  let ignored = 0;
  const vulnerabilities = new Map<string, VulnerabilityCount>();
  const policies = new Map<string, PolicyCount>();
  for (const s of samples) {
    const stream = s.labels.streamName;
    if (s.name === SCOUT_METRICS.vulnerabilities) {
      // Severity values are undocumented (§7.1); the CLI's are lowercase words, so compare lowercased.
      const severity = s.labels.severity?.trim().toLowerCase();
      const value = count(s.value);
      if (!stream || !severity || value === null) {
        ignored++;
        continue;
      }
      vulnerabilities.set(`${stream}\n${severity}`, { stream, severity, count: value });
    } else if (s.name === SCOUT_METRICS.compliant || s.name === SCOUT_METRICS.evaluated) {
      const policyId = s.labels.id;
      if (!stream || !policyId) {
        ignored++;
        continue;
      }
      const key = `${policyId}\n${stream}`;
      const row = policies.get(key) ?? {
        policyId,
        displayName: s.labels.displayName || policyId,
        stream,
        compliant: null,
        evaluated: null,
      };
      if (s.labels.displayName) row.displayName = s.labels.displayName;
      if (s.name === SCOUT_METRICS.compliant) row.compliant = count(s.value);
      else row.evaluated = count(s.value);
      policies.set(key, row);
    }
  }
  return {
    metrics: { vulnerabilities: [...vulnerabilities.values()], policies: [...policies.values()] },
    ignored,
  };
}
