/**
 * compose.yaml and the Helm chart, without Docker or a cluster: compose.yaml is parsed and checked;
 * the chart is rendered by the real `helm` (unpacked by `npm run setup`, scripts/setup-tools.sh) with
 * its defaults and deploy/helm/production-values.yaml, linted, and every manifest validated against the
 * Kubernetes (and Prometheus Operator) OpenAPI schemas of `kubernetes-models`.
 */
import { spawnSync } from 'node:child_process';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { ROOT, read } from './support/docker-files.js';
import { tool } from './support/prometheus.js';

const CHART = 'deploy/helm/insights-bot';
const PRODUCTION = 'deploy/helm/production-values.yaml';
/** Every token and secret the bot reads (src/config.ts, src/siem/config.ts). */
const SECRETS = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'DOCKER_TOKEN',
  'SCOUT_TOKEN',
  'INGEST_TOKEN',
  'HUB_WEBHOOK_SECRET',
  'SIEM_SPLUNK_TOKEN',
  'SIEM_SENTINEL_CLIENT_SECRET',
  'SIEM_WEBHOOK_SECRET',
];

type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
};
// biome-ignore lint/suspicious/noExplicitAny: the models' constructors take their own typed shapes
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

function helm(args: string[]) {
  const run = spawnSync(tool('helm'), args, { cwd: ROOT, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** `helm template` → the manifests, each validated against its kind's schema (unknown kinds fail). */
function render(...args: string[]): Manifest[] {
  const run = helm(['template', 'insights-bot', CHART, ...args]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const manifests = parseAllDocuments(run.stdout)
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
  for (const m of manifests) {
    const Model = MODELS[`${m.apiVersion}/${m.kind}`];
    expect(Model, `${m.apiVersion} ${m.kind} has a schema`).toBeDefined();
    if (Model) expect(() => new Model(m).validate(), `${m.kind} ${m.metadata.name}`).not.toThrow();
    expect(m.metadata.labels?.['app.kubernetes.io/name']).toBe('insights-bot');
  }
  return manifests;
}

// biome-ignore lint/suspicious/noExplicitAny: reading into rendered manifests
const one = (manifests: Manifest[], kind: string): any => manifests.find((m) => m.kind === kind);
const kinds = (manifests: Manifest[]) => manifests.map((m) => m.kind).sort();

describe('the Helm chart', () => {
  it('lints cleanly with its defaults and the production values', () => {
    for (const extra of [[], ['-f', PRODUCTION]]) {
      const run = helm(['lint', '--strict', CHART, ...extra]);
      expect(run.stdout).toContain('0 chart(s) failed');
      expect(run.status).toBe(0);
    }
  });

  it('renders the defaults: one replica on the embedded database in a claim, probes, non-root, read-only root', () => {
    const manifests = render();
    expect(kinds(manifests)).toEqual([
      'Deployment',
      'PersistentVolumeClaim',
      'PodDisruptionBudget',
      'Service',
    ]);
    const deployment = one(manifests, 'Deployment');
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy.type).toBe('Recreate');
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000 });
    expect(pod.automountServiceAccountToken).toBe(false);
    const [container] = pod.containers;
    expect(container.image).toBe('insights-bot:0.1.0');
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.startupProbe.httpGet.path).toBe('/healthz');
    expect(container.resources.requests).toEqual({ cpu: '100m', memory: '256Mi' });
    expect(container.resources.limits.memory).toBe('512Mi');
    const mounts = Object.fromEntries(
      container.volumeMounts.map((v: { name: string; mountPath: string }) => [v.mountPath, v.name]),
    );
    expect(mounts).toEqual({ '/tmp': 'tmp', '/data': 'data' });
    const volumes = Object.fromEntries(pod.volumes.map((v: { name: string }) => [v.name, v]));
    expect(volumes.tmp.emptyDir.medium).toBe('Memory');
    expect(volumes.data.persistentVolumeClaim.claimName).toBe(
      one(manifests, 'PersistentVolumeClaim').metadata.name,
    );
    // Every token from the Secret, by reference; none has a literal value; no /metrics without METRICS_PORT.
    const env = new Map(container.env.map((e: { name: string }) => [e.name, e]));
    for (const name of SECRETS) {
      expect(env.get(name), name).toEqual({
        name,
        valueFrom: { secretKeyRef: { name: 'insights-bot', key: name, optional: true } },
      });
    }
    expect(env.has('DATABASE_URL')).toBe(false);
    expect(env.has('METRICS_PORT')).toBe(false);
    expect(one(manifests, 'Service').spec.ports.map((p: { name: string }) => p.name)).toEqual(['http']);
  });

  it('renders the production values: replicas on DATABASE_URL from the Secret, metrics, ServiceMonitor, PDB', () => {
    const manifests = render('-f', PRODUCTION);
    expect(kinds(manifests)).toEqual(['Deployment', 'PodDisruptionBudget', 'Service', 'ServiceMonitor']);
    const deployment = one(manifests, 'Deployment');
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.strategy.type).toBe('RollingUpdate');
    const [container] = deployment.spec.template.spec.containers;
    expect(container.image).toMatch(/^registry\.example\.com\/platform\/insights-bot@sha256:[0-9a-f]{64}$/);
    const env = new Map(container.env.map((e: { name: string }) => [e.name, e]));
    expect(env.get('DATABASE_URL')).toEqual({
      name: 'DATABASE_URL',
      valueFrom: { secretKeyRef: { name: 'insights-bot', key: 'DATABASE_URL' } },
    });
    expect(env.get('METRICS_PORT')).toEqual({ name: 'METRICS_PORT', value: '9464' });
    expect(env.get('DOCKER_ORG')).toEqual({ name: 'DOCKER_ORG', value: 'acme' });
    expect(
      deployment.spec.template.spec.volumes.find((v: { name: string }) => v.name === 'data').emptyDir,
    ).toEqual({});
    const ports = one(manifests, 'Service').spec.ports.map((p: { name: string; port: number }) => [
      p.name,
      p.port,
    ]);
    expect(ports).toEqual([
      ['http', 80],
      ['metrics', 9464],
    ]);
    const monitor = one(manifests, 'ServiceMonitor');
    expect(monitor.metadata.labels.release).toBe('kube-prometheus-stack');
    expect(monitor.spec.endpoints).toEqual([
      { port: 'metrics', path: '/metrics', interval: '30s', scrapeTimeout: '10s' },
    ]);
    expect(monitor.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(one(manifests, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
  });

  it('refuses more than one replica without DATABASE_URL, and a token as a plain value', () => {
    const replicas = helm(['template', 'insights-bot', CHART, '--set', 'replicaCount=2']);
    expect(replicas.status).not.toBe(0);
    expect(replicas.stderr).toContain(
      'replicaCount > 1 needs a shared PostgreSQL: set database.urlSecretKey',
    );
    const plain = helm(['template', 'insights-bot', CHART, '--set', 'env.SLACK_BOT_TOKEN=xoxb-1']);
    expect(plain.status).not.toBe(0);
    expect(plain.stderr).toContain("at '/env'");
    const monitorOnly = helm([
      'template',
      'insights-bot',
      CHART,
      '--set',
      'metrics.serviceMonitor.enabled=true',
    ]);
    expect(monitorOnly.stderr).toContain('metrics.serviceMonitor.enabled needs metrics.enabled');
  });
});

describe('compose.yaml', () => {
  const compose = parse(read('compose.yaml')) as {
    services: Record<string, Record<string, unknown> & { environment?: Record<string, string> }>;
    volumes: Record<string, unknown>;
  };
  const { bot, postgres } = compose.services;

  it('runs the bot on a health-checked PostgreSQL 16 with a named volume, and waits for it', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['bot', 'postgres']);
    expect(postgres?.image).toMatch(/^postgres:16(\.|-|$)/);
    expect(postgres?.healthcheck).toMatchObject({
      test: ['CMD-SHELL', 'pg_isready -U insights -d insights'],
    });
    expect(postgres?.volumes).toEqual(['postgres-data:/var/lib/postgresql/data']);
    expect(compose.volumes).toHaveProperty('postgres-data');
    expect(bot?.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(bot?.environment?.DATABASE_URL).toMatch(
      /^postgres:\/\/insights:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432\/insights$/,
    );
  });

  it('takes the secrets from .env only, serves the metrics port, runs read-only', () => {
    expect(bot?.env_file).toBe('.env');
    for (const [name, value] of Object.entries({ ...bot?.environment, ...postgres?.environment })) {
      if (/TOKEN|SECRET|PASSWORD/.test(name)) expect(value, name).toMatch(/^\$\{\w+:\?/);
    }
    expect(read('compose.yaml')).not.toMatch(/xox[bp]-|xapp-|dckr_/);
    expect(bot?.environment?.METRICS_PORT).toBe('9464');
    expect(bot?.ports).toEqual(['127.0.0.1:3000:3000', '127.0.0.1:9464:9464']);
    expect(bot?.read_only).toBe(true);
    expect(bot?.tmpfs).toEqual(['/tmp']);
  });

  it('shows a second replica, commented in, that parses as a service of the same shape', () => {
    const lines = read('compose.yaml').split('\n');
    const start = lines.findIndex((l) => l.startsWith('  # bot-2:'));
    expect(start).toBeGreaterThan(0);
    const block = [];
    for (const line of lines.slice(start)) {
      if (!line.startsWith('  # ')) break;
      block.push(line.replace(/^ {2}# /, ''));
    }
    const second = (parse(block.join('\n')) as Record<string, typeof bot>)['bot-2'];
    expect(second?.image).toBe(bot?.image);
    expect(second?.environment?.DATABASE_URL).toBe(bot?.environment?.DATABASE_URL);
    expect(second?.depends_on).toEqual(bot?.depends_on);
  });
});
