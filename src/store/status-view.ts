import type { SourceLine, StatusView } from '../render/status-blocks.js';
import type { Queryable } from './db.js';
import { createPointsRepo } from './points-repo.js';
import { createStatusRepo, type SourceStatus } from './status-repo.js';

export interface StatusConfig {
  org: string;
  demo: boolean;
  /** DOCKER_TOKEN is set: the API sources are on. */
  apiConfigured: boolean;
  /** SCOUT_TOKEN is set: the Scout metrics exporter is polled. */
  scoutConfigured?: boolean;
  importDir?: string;
}

const API_SOURCES = [
  { source: 'hub-members', label: 'Hub members API (members, versions, last seen)' },
  { source: 'activity-log', label: 'Activity log (Hub audit logs API)' },
  { source: 'usage-pulls', label: 'Enterprise Data API usage_pulls report (Hub pulls)' },
  {
    source: 'activity-actions',
    label: 'Activity-log action catalog (alert labels; checks SENSITIVE_ACTIONS)',
  },
] as const;

const IMPORTS = [
  { source: 'import:desktop-users', label: 'Import: Docker Desktop users export' },
  { source: 'import:hub-members', label: 'Import: Hub members export' },
  { source: 'import:compliance', label: 'Import: Settings compliance report' },
  {
    source: 'import:insights',
    label: 'Import: Insights snapshot (builds, containers, OS, interface, extensions)',
  },
] as const;

/** Gathers what `/insights status` shows: each source's state from the store, plus hints from the data. */
export async function loadStatusView(db: Queryable, config: StatusConfig): Promise<StatusView> {
  if (config.demo) {
    return { org: config.org, demo: true, dataAsOf: null, sources: [], hints: [] };
  }
  const statuses = new Map((await createStatusRepo(db).list(config.org)).map((s) => [s.source, s]));
  const line = (source: string, label: string, configured: boolean, setup: string): SourceLine => {
    const s: SourceStatus | undefined = statuses.get(source);
    return {
      label,
      configured: configured || s !== undefined,
      setup,
      lastSuccessAt: s?.lastSuccessAt ?? null,
      lastError: s?.lastError ?? null,
      lastErrorAt: s?.lastErrorAt ?? null,
      dataAsOf: s?.dataAsOf ?? null,
      detail: s?.detail ?? '',
    };
  };
  const sources = [
    ...API_SOURCES.map((s) =>
      line(
        s.source,
        s.label,
        config.apiConfigured,
        'Set `DOCKER_TOKEN` (an organization access token) to turn it on.',
      ),
    ),
    line(
      'scout-metrics',
      'Docker Scout metrics exporter (policy compliance, vulnerabilities)',
      config.scoutConfigured ?? false,
      'Set `SCOUT_TOKEN` (a personal access token of an organization owner) to turn it on.',
    ),
    ...IMPORTS.map((s) =>
      line(
        s.source,
        s.label,
        false,
        config.importDir
          ? `Drop the export into \`${config.importDir}\`.`
          : 'Run `insights-bot import <file>` or set `IMPORT_DIR`.',
      ),
    ),
  ];
  const [old] = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM members WHERE org = $1 AND last_desktop_version ~ '^4\\.(1[0-6]|[0-9])(\\.|$)'`,
    [config.org],
  );
  const [optedOut] = await db.query<{ n: number }>(
    'SELECT count(*) AS n FROM members WHERE org = $1 AND opted_out_analytics IS TRUE',
    [config.org],
  );
  const hints: string[] = [];
  if (old?.n) hints.push(`${old.n} member(s) run Docker Desktop 4.16 or older and send no Insights data.`);
  if (optedOut?.n) hints.push(`${optedOut.n} member(s) opted out of analytics.`);
  return {
    org: config.org,
    demo: false,
    dataAsOf: await createPointsRepo(db).latestDay(config.org),
    sources,
    hints,
  };
}
