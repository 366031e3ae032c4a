import { auditEventId } from '../../docker/hub/client.js';
import type { AuditEvent } from '../../docker/hub/schema.js';
import type { MetricPoint } from '../../domain/insights.js';
import { toDay } from '../../domain/period.js';
import { activityRecord } from '../../domain/siem-records.js';
import { createActivityRepo } from '../../store/activity-repo.js';
import { createPointsRepo } from '../../store/points-repo.js';
import { enqueueSiem } from '../../store/siem-repo.js';
import { dockerOf, HISTORY_DAYS, type Source, type SourceContext, type SourceStep } from './source.js';

/** The activity (audit) log (docker-apis.md §3.2): incremental, deduplicated; pushes per day from it. */
export const activityLog: Source = {
  name: 'activity-log',
  label: 'Activity log (Hub audit logs API)',
  setup: 'Set `DOCKER_TOKEN` (an organization access token) to turn it on.',
  configured: (ctx) => ctx.docker !== null,
  feeds: ['activity'],
  run: (ctx, now) => syncActivity(ctx, now),
};

async function syncActivity(deps: SourceContext, now: Date): Promise<SourceStep> {
  const activity = createActivityRepo(deps.db);
  const latest = await activity.latestAt(deps.org);
  // Start at the newest stored event (inclusive: events sharing its timestamp are deduplicated by id).
  const from = latest ?? new Date(now.getTime() - HISTORY_DAYS * 86_400_000);
  let seen = 0;
  let added = 0;
  for await (const page of dockerOf(deps).hub.auditLogs({ from, to: now })) {
    seen += page.length;
    // Each new event and its SIEM record commit together.
    added += await deps.db.transaction(async (tx) => {
      const stored = await createActivityRepo(tx).insert(deps.org, page.map(toActivityEvent));
      await enqueueSiem(tx, stored.map(activityRecord));
      return stored.length;
    });
  }
  // Whole days only: today's count is still growing, and the data day is the last complete one.
  const points = (await activity.pushesByDay(deps.org, toDay(from), toDay(now))).map(
    (p): MetricPoint => ({ day: p.day, metric: 'pushes', key: p.key, value: p.value }),
  );
  await createPointsRepo(deps.db).upsert(deps.org, points, 'activity-log');
  return { detail: `${added} new events (${seen} read since ${from.toISOString()})` };
}

function toActivityEvent(e: AuditEvent) {
  return {
    id: auditEventId(e),
    at: e.timestamp,
    action: e.action,
    name: e.name,
    actor: e.actor,
    data: e.data,
    description: e.description,
  };
}
