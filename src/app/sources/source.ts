import type { DockerClients } from '../../docker/clients.js';
import type { ScoutClient } from '../../docker/scout/client.js';
import type { Logger } from '../../logger.js';
import type { Db } from '../../store/db.js';
import type { RuleInput } from '../rules.js';

/** What a source reads with: the store, and the Docker clients this configuration has. */
export interface SourceContext {
  db: Db;
  org: string;
  /** The Hub and Enterprise Data API clients; null without DOCKER_TOKEN. */
  docker: DockerClients | null;
  /** The Scout metrics exporter client; null without SCOUT_TOKEN. */
  scout: ScoutClient | null;
  logger: Logger;
}

/** A run: what it stored (recorded as the source's last success), or why it did nothing this time. */
export type SourceStep = { detail: string; dataAsOf?: string | null } | { skipped: string };

/** One Docker source `insights-bot sync` and the schedule pull from (the table is ./index.ts). */
export interface Source {
  /** Its name in `sync --only`, `source_status` and the logs. */
  name: string;
  /** Its line in `/insights status`. */
  label: string;
  /** How to turn it on, shown while it is not configured. */
  setup: string;
  /** Whether this configuration has what the source needs. */
  configured(clients: Pick<SourceContext, 'docker' | 'scout'>): boolean;
  /** The rule inputs a successful run may have changed (their rules run after it). */
  feeds: readonly RuleInput[];
  /** Pulls into the store; safe to re-run (nothing is stored twice). `force` skips "too recent" checks. */
  run(ctx: SourceContext, now: Date, options: { force: boolean }): Promise<SourceStep>;
}

/** How far back a first sync reads: the longest chart period. */
export const HISTORY_DAYS = 90;

/** The Docker API clients, for a source that `configured()` said has them. */
export function dockerOf(ctx: SourceContext): DockerClients {
  if (!ctx.docker) throw new Error('this source needs DOCKER_TOKEN');
  return ctx.docker;
}
