import { createAlertEngine } from '../../src/app/alert-engine.js';
import { createRuleRunner } from '../../src/app/rules.js';
import { createSync, type SourceResult } from '../../src/app/sync.js';
import type { DockerClients } from '../../src/docker/clients.js';
import type { Logger } from '../../src/logger.js';
import type { Db } from '../../src/store/db.js';

/**
 * The Docker API sources on the real sync, rule runner and alert engine, for a store with no subscriptions
 * (so nothing is ever queued for Slack).
 */
export function runApiSync(
  deps: { db: Db; org: string; docker: DockerClients; logger: Logger },
  now: Date,
  only?: string[],
): Promise<SourceResult[]> {
  const outbox = async () => false;
  const engine = createAlertEngine({ ...deps, outbox, repeatMs: 86_400_000 });
  const rules = createRuleRunner({ ...deps, settings: { org: deps.org, sensitiveActions: [] }, engine });
  return createSync({ ...deps, scout: null, rules }).run(now, { only });
}
