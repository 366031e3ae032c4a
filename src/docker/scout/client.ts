import type { ScoutMetrics } from '../../domain/scout-rules.js';
import { dockerError, type ErrorHints } from '../errors.js';
import { createHttp, type HttpOptions } from '../http.js';
import { apiUrl, seg } from '../url.js';
import { scoutMetricsFrom } from './metrics.js';
import { parsePrometheusText } from './prometheus.js';

export interface ScoutClientOptions {
  /** Default https://api.scout.docker.com (SCOUT_API_URL); may carry a path prefix behind a proxy. */
  baseUrl?: string;
  org: string;
  /** SCOUT_TOKEN: a PAT of an owner of `org`; never logged, never in an error message. */
  token: string;
  http?: HttpOptions;
}

export interface ScoutScrape {
  metrics: ScoutMetrics;
  /** Samples read (all metrics). */
  samples: number;
  /** Lines that could not be read plus known-metric samples without their labels. */
  skipped: number;
}

export interface ScoutClient {
  readonly org: string;
  /** `GET /v1/exporter/org/{org}/metrics` (§7.1): the exporter caches for 60 minutes, so poll at most hourly. */
  metrics(): Promise<ScoutScrape>;
}

const ACCEPT = 'text/plain;version=0.0.4;q=0.9, application/openmetrics-text;version=1.0.0;q=0.8, */*;q=0.1';

export function createScoutClient(options: ScoutClientOptions): ScoutClient {
  const baseUrl = options.baseUrl ?? 'https://api.scout.docker.com';
  const { org, token } = options;
  const http = createHttp(options.http);
  const owner = `SCOUT_TOKEN must be a personal access token of an owner of the organization "${org}"`;
  const hints: ErrorHints = {
    auth_failed: {
      what: 'SCOUT_TOKEN rejected',
      fix: `${owner}; check that it has not expired or been revoked.`,
    },
    forbidden: {
      what: 'SCOUT_TOKEN not allowed',
      fix: `${owner} (the metrics exporter refuses members and organization access tokens), and ${org} must be enrolled in Docker Scout.`,
    },
    not_found: {
      fix: `Check DOCKER_ORG ("${org}") and that the organization is enrolled in Docker Scout (and SCOUT_API_URL, if set).`,
    },
  };

  return {
    org,
    async metrics() {
      const url = apiUrl(baseUrl, `/v1/exporter/org/${seg(org)}/metrics`);
      const res = await http.get(url, {
        headers: { authorization: `Bearer ${token}`, accept: ACCEPT },
        hints,
        kind: 'scoutMetrics',
      });
      const target = new URL(url);
      const fail = (detail: string, cause?: unknown) =>
        dockerError({
          code: 'invalid_response',
          host: target.host,
          endpoint: `GET ${target.pathname}`,
          status: res.status,
          detail,
          cause,
        });
      // Past its cap or its deadline this is already a DockerApiError naming the endpoint.
      const text = await res.text();
      const parsed = parsePrometheusText(text);
      const first = parsed.issues[0];
      // Lines we cannot read and nothing we can: not the exporter (an HTML login page from a proxy, say).
      if (parsed.samples.length === 0 && first) {
        throw fail(`not Prometheus text (line ${first.line}: ${first.reason})`);
      }
      const { metrics, ignored } = scoutMetricsFrom(parsed.samples);
      return { metrics, samples: parsed.samples.length, skipped: parsed.issues.length + ignored };
    },
  };
}
