import { createAuditActionsRepo } from '../../store/audit-actions-repo.js';
import { createStatusRepo } from '../../store/status-repo.js';
import { dockerOf, type Source, type SourceContext, type SourceStep } from './source.js';

/** Docker's action catalog changes rarely: it is fetched again once a day. */
const CATALOG_MAX_AGE_MS = 86_400_000;

/** Docker's activity-log action catalog (docker-apis.md §3.3): alert labels, the SENSITIVE_ACTIONS check. */
export const activityActions: Source = {
  name: 'activity-actions',
  label: 'Activity-log action catalog (alert labels; checks SENSITIVE_ACTIONS)',
  setup: 'Set `DOCKER_TOKEN` (an organization access token) to turn it on.',
  configured: (ctx) => ctx.docker !== null,
  feeds: [],
  run: (ctx, now, { force }) => syncActionCatalog(ctx, now, force),
};

async function syncActionCatalog(deps: SourceContext, now: Date, force: boolean): Promise<SourceStep> {
  const last = (await createStatusRepo(deps.db).list(deps.org)).find((s) => s.source === 'activity-actions');
  if (!force && last?.lastSuccessAt && now.getTime() - last.lastSuccessAt.getTime() < CATALOG_MAX_AGE_MS) {
    return { skipped: `fetched ${last.lastSuccessAt.toISOString()}; refreshed daily` };
  }
  const actions = await dockerOf(deps).hub.auditActions();
  await deps.db.transaction((tx) => createAuditActionsRepo(tx).replace(deps.org, actions));
  return { detail: `${actions.length} actions in Docker's catalog` };
}
