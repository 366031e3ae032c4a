import { type Config, ConfigError } from './config.js';
import { createDemoSource } from './demo/demo-source.js';
import { createDockerClients, type DockerClients } from './docker/clients.js';
import { parseComplianceHeaderMap } from './docker/imports/compliance.js';
import type { InsightsSource } from './domain/insights.js';
import { type ImportOptions, type ImportOutcome, importFile } from './jobs/import-file.js';
import { runSync, type SourceName, type SourceResult } from './jobs/sync.js';
import type { Logger } from './logger.js';
import type { StatusView } from './render/status-blocks.js';
import { type Db, openDatabase } from './store/db.js';
import { createStatusRepo } from './store/status-repo.js';
import { loadStatusView } from './store/status-view.js';
import { createStoredSource } from './store/stored-source.js';

/** What every entry point (serve, sync, import, render) shares: the store and the data sources. */
export interface Core {
  config: Config;
  db: Db;
  source: InsightsSource;
  docker: DockerClients | null;
  statusView(): Promise<StatusView>;
  /** Syncs the configured Docker sources; an empty list when none are configured. */
  sync(now: Date, only?: SourceName[]): Promise<SourceResult[]>;
  /** True when the last successful members sync is older than `maxAgeMs` (or never happened). */
  syncIsStale(now: Date, maxAgeMs: number): Promise<boolean>;
  importFile(options: Omit<ImportOptions, 'complianceHeaders'>, now: Date): Promise<ImportOutcome>;
  close(): Promise<void>;
}

export async function openCore(config: Config, logger: Logger): Promise<Core> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const org = config.docker?.org ?? config.demo.org;
  const source = config.docker
    ? createStoredSource(db, config.docker.org)
    : createDemoSource({ seed: config.demo.seed, org: config.demo.org, lagDays: config.demo.lagDays });
  const docker = createDockerClients(config.docker);
  const complianceHeaders = config.complianceHeaders
    ? parseComplianceHeaderMap(config.complianceHeaders)
    : undefined;
  return {
    config,
    db,
    source,
    docker,
    statusView: () =>
      loadStatusView(db, {
        org,
        demo: !config.docker,
        apiConfigured: docker !== null,
        importDir: config.importDir,
      }),
    async sync(now, only) {
      if (!docker || !config.docker) return [];
      return runSync({ db, org, docker, logger: logger.child({ subsystem: 'sync' }) }, now, only);
    },
    async syncIsStale(now, maxAgeMs) {
      const members = (await createStatusRepo(db).list(org)).find((s) => s.source === 'hub-members');
      return !members?.lastSuccessAt || now.getTime() - members.lastSuccessAt.getTime() > maxAgeMs;
    },
    importFile(options, now) {
      if (!config.docker) {
        throw new ConfigError(
          'DOCKER_ORG: set it to the organization these exports belong to before importing',
        );
      }
      return importFile(db, config.docker.org, { ...options, complianceHeaders }, now);
    },
    close: () => db.close(),
  };
}
