/**
 * A local stand-in for Docker Scout's metrics exporter (docker-apis.md §7.1):
 * `GET /v1/exporter/org/{org}/metrics` with `Authorization: Bearer <PAT of an org owner>` answers the three
 * gauges as Prometheus text. Tests change the numbers between scrapes, queue failures, and read the log.
 *
 * Choices where the docs are silent: an unknown or missing token is 401, a known token of a non-owner is 403
 * (both with a small JSON body); another org is 404; label values are escaped as Prometheus does.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakePolicy {
  id: string;
  displayName: string;
  stream: string;
  compliant: number;
  evaluated: number;
}

export interface FakeVulnerabilities {
  stream: string;
  severity: string;
  count: number;
}

export interface FakeScoutMetrics {
  policies: FakePolicy[];
  vulnerabilities: FakeVulnerabilities[];
}

export interface FakeScoutRequest {
  method: string;
  path: string;
  /** `Bearer` when a bearer token was sent; the token itself is not kept. */
  scheme?: string;
  status: number;
}

export interface FakeScoutFailure {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface FakeScout {
  url: string;
  org: string;
  /** A PAT of an organization owner: accepted. */
  ownerToken: string;
  /** A PAT of a plain member: 403. */
  memberToken: string;
  requests: FakeScoutRequest[];
  metrics: FakeScoutMetrics;
  /** Replaces the numbers the next scrapes see. */
  setMetrics(metrics: FakeScoutMetrics): void;
  /** Answers this text verbatim instead of rendering `metrics` (null: back to rendering). */
  setRaw(text: string | null): void;
  /** The next requests fail in this order before the normal answer resumes. */
  failNext(...failures: FakeScoutFailure[]): void;
  close(): Promise<void>;
}

export const POLICY_VULNS = {
  id: 'd6a0a3a6-7d3b-4d4f-9a0e-3c1f2b7e9a01',
  displayName: 'No fixable critical or high vulnerabilities',
};
export const POLICY_ROOT = {
  id: '5b9f1c2e-0f4a-4d7e-8b61-7e2d9c4a1b02',
  displayName: 'Default non-root user',
};

/** Every policy compliant, a few vulnerabilities per stream. */
export function compliantMetrics(): FakeScoutMetrics {
  return {
    policies: [
      { ...POLICY_VULNS, stream: 'production', compliant: 12, evaluated: 12 },
      { ...POLICY_ROOT, stream: 'production', compliant: 12, evaluated: 12 },
      { ...POLICY_VULNS, stream: 'latest-indexed', compliant: 25, evaluated: 25 },
      { ...POLICY_ROOT, stream: 'latest-indexed', compliant: 25, evaluated: 25 },
    ],
    vulnerabilities: [
      { stream: 'production', severity: 'critical', count: 0 },
      { stream: 'production', severity: 'high', count: 3 },
      { stream: 'production', severity: 'medium', count: 14 },
      { stream: 'latest-indexed', severity: 'critical', count: 1 },
      { stream: 'latest-indexed', severity: 'high', count: 9 },
    ],
  };
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (l: Record<string, string>) =>
  `{${Object.entries(l)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',')}}`;

/** The exporter's text: HELP and TYPE per gauge, one sample per line. */
export function renderMetrics(m: FakeScoutMetrics): string {
  const lines = [
    '# HELP scout_stream_vulnerabilities Vulnerabilities in a stream',
    '# TYPE scout_stream_vulnerabilities gauge',
    ...m.vulnerabilities.map(
      (v) =>
        `scout_stream_vulnerabilities${labels({ streamName: v.stream, severity: v.severity })} ${v.count}`,
    ),
  ];
  for (const [name, help, field] of [
    ['scout_policy_compliant_images', 'Compliant images for a policy in a stream', 'compliant'],
    ['scout_policy_evaluated_images', 'Total images evaluated against a policy in a stream', 'evaluated'],
  ] as const) {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const p of m.policies) {
      lines.push(
        `${name}${labels({ id: p.id, displayName: p.displayName, streamName: p.stream })} ${p[field]}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export async function startFakeScout(
  options: { org?: string; metrics?: FakeScoutMetrics } = {},
): Promise<FakeScout> {
  const org = options.org ?? 'acme';
  const ownerToken = 'dckr_pat_fake-scout-owner-0123456789';
  const memberToken = 'dckr_pat_fake-scout-member-0123456789';
  const failures: FakeScoutFailure[] = [];
  let raw: string | null = null;

  const state: FakeScout = {
    url: '',
    org,
    ownerToken,
    memberToken,
    requests: [],
    metrics: options.metrics ?? compliantMetrics(),
    setMetrics(metrics) {
      state.metrics = metrics;
    },
    setRaw(text) {
      raw = text;
    },
    failNext(...list) {
      failures.push(...list);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const auth = /^(\S+)\s+(\S+)$/.exec(req.headers.authorization ?? '');
    const answer = (status: number, body: string, headers: Record<string, string>) => {
      state.requests.push({ method: req.method ?? '', path: url.pathname, scheme: auth?.[1], status });
      res.writeHead(status, headers);
      res.end(body);
    };
    const json = (status: number, message: string) =>
      answer(status, JSON.stringify({ message }), { 'content-type': 'application/json' });
    const match = /^\/v1\/exporter\/org\/([^/]+)\/metrics$/.exec(url.pathname);
    if (req.method !== 'GET' || !match) return json(404, 'not found');
    const failure = failures.shift();
    if (failure) {
      return answer(failure.status, failure.body ?? '{"message":"failure"}', {
        'content-type': 'application/json',
        ...failure.headers,
      });
    }
    const token = auth?.[1]?.toLowerCase() === 'bearer' ? auth[2] : undefined;
    if (token !== ownerToken && token !== memberToken) return json(401, 'unauthorized');
    if (token === memberToken) return json(403, 'the token does not belong to an organization owner');
    if (decodeURIComponent(match[1] ?? '') !== org) return json(404, 'organization not found');
    answer(200, raw ?? renderMetrics(state.metrics), {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
