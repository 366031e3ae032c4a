import type { Readable } from 'node:stream';
import type { DockerClients } from '../docker/clients.js';
import { parseUsagePulls } from '../docker/enterprise-data/usage-pulls.js';
import { DockerApiError } from '../docker/errors.js';
import { auditEventId } from '../docker/hub/client.js';
import type { AuditEvent, HubMember } from '../docker/hub/schema.js';
import type { MetricPoint } from '../domain/insights.js';
import { addDays, toDay } from '../domain/period.js';
import type { Logger } from '../logger.js';
import { scrub } from '../logger.js';
import { createActivityRepo } from '../store/activity-repo.js';
import { createAuditActionsRepo } from '../store/audit-actions-repo.js';
import type { Db } from '../store/db.js';
import {
  createMembersRepo,
  type MemberUpdate,
  memberKey,
  snapshotMemberActivity,
} from '../store/members-repo.js';
import { createPointsRepo } from '../store/points-repo.js';
import { createStatusRepo } from '../store/status-repo.js';

/** The Docker API sources `runSync` reads; the Scout exporter is synced beside them (src/core.ts). */
export const API_SOURCES = ['hub-members', 'activity-log', 'usage-pulls', 'activity-actions'] as const;
export type ApiSourceName = (typeof API_SOURCES)[number];

/** How far back a first sync reads: the longest chart period. */
const HISTORY_DAYS = 90;

/** Docker's action catalog changes rarely: it is fetched again once a day. */
const CATALOG_MAX_AGE_MS = 86_400_000;

export interface SyncDeps {
  db: Db;
  org: string;
  docker: DockerClients;
  logger: Logger;
}

export interface SourceResult {
  source: string;
  ok: boolean;
  /** What it stored, or the error in plain words. */
  detail: string;
}

/** A source's run: what it stored (recorded as the source's last success), or why it did nothing this time. */
type Step = { detail: string; dataAsOf?: string | null } | { skipped: string };

const STEPS: Record<ApiSourceName, (deps: SyncDeps, now: Date) => Promise<Step>> = {
  'hub-members': syncMembers,
  'activity-log': syncActivity,
  'usage-pulls': syncUsagePulls,
  'activity-actions': syncActionCatalog,
};

/** Pulls every configured source into the store. Safe to re-run: nothing is stored twice. */
export async function runSync(deps: SyncDeps, now: Date, only?: readonly string[]): Promise<SourceResult[]> {
  const status = createStatusRepo(deps.db);
  const results: SourceResult[] = [];
  for (const source of API_SOURCES) {
    if (only && !only.includes(source)) continue;
    const log = deps.logger.child({ source });
    try {
      const step = await STEPS[source](deps, now);
      if ('skipped' in step) {
        results.push({ source, ok: true, detail: `skipped: ${step.skipped}` });
        continue;
      }
      await status.success(deps.org, source, now, step.detail, step.dataAsOf ?? null);
      log.info({ detail: step.detail }, 'source synced');
      results.push({ source, ok: true, detail: step.detail });
    } catch (err) {
      const message = scrub(err instanceof Error ? err.message : String(err));
      await status.failure(deps.org, source, now, message);
      log.error({ err }, 'source sync failed');
      results.push({ source, ok: false, detail: message });
    }
  }
  return results;
}

/** Docker's activity-log action catalog (labels, and the SENSITIVE_ACTIONS check), at most once a day. */
async function syncActionCatalog(deps: SyncDeps, now: Date): Promise<Step> {
  const last = (await createStatusRepo(deps.db).list(deps.org)).find((s) => s.source === 'activity-actions');
  if (last?.lastSuccessAt && now.getTime() - last.lastSuccessAt.getTime() < CATALOG_MAX_AGE_MS) {
    return { skipped: `fetched ${last.lastSuccessAt.toISOString()}; refreshed daily` };
  }
  const actions = await deps.docker.hub.auditActions();
  await deps.db.transaction((tx) => createAuditActionsRepo(tx).replace(deps.org, actions));
  return { detail: `${actions.length} actions in Docker's catalog` };
}

async function syncMembers(deps: SyncDeps, now: Date): Promise<Step> {
  const repo = createMembersRepo(deps.db);
  // Page by page, so memory holds one page and the keys, not the whole organization.
  const keys: string[] = [];
  for await (const page of deps.docker.hub.members()) {
    const members = page.map(toMemberUpdate);
    await repo.upsert(deps.org, members, 'hub', now);
    for (const m of members) keys.push(memberKey(m));
  }
  const day = addDays(toDay(now), -1);
  // Only a complete listing may remove members: a sync that failed midway removed no one.
  const removed = await deps.db.transaction(async (tx) => {
    const gone = await createMembersRepo(tx).removeAllExcept(deps.org, keys);
    await snapshotMemberActivity(tx, deps.org, day, 'hub-members');
    return gone;
  });
  return { detail: `${keys.length} members${removed ? `, ${removed} removed` : ''}`, dataAsOf: day };
}

function toMemberUpdate(m: HubMember): MemberUpdate {
  return {
    username: m.username,
    email: m.email ?? '',
    name: m.fullName ?? '',
    type: m.role === 'Invitee' ? 'Invitee' : 'User',
    role: m.role ?? '',
    teams: m.teams,
    dateJoined: m.dateJoined ?? null,
    lastLoggedInAt: m.lastLoggedInAt ?? null,
    lastSeenAt: m.lastSeenAt ?? null,
    lastDesktopVersion: m.lastDesktopVersion ?? null,
  };
}

async function syncActivity(deps: SyncDeps, now: Date): Promise<Step> {
  const activity = createActivityRepo(deps.db);
  const latest = await activity.latestAt(deps.org);
  // Start at the newest stored event (inclusive: events sharing its timestamp are deduplicated by id).
  const from = latest ?? new Date(now.getTime() - HISTORY_DAYS * 86_400_000);
  let seen = 0;
  let added = 0;
  for await (const page of deps.docker.hub.auditLogs({ from, to: now })) {
    seen += page.length;
    added += await activity.insert(deps.org, page.map(toActivityEvent));
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

async function syncUsagePulls(deps: SyncDeps, now: Date): Promise<Step> {
  const ed = deps.docker.enterpriseData;
  const oldest = addDays(toDay(now), -HISTORY_DAYS);
  const done = new Set(
    (
      await deps.db.query<{ day: string }>(
        `SELECT day::text AS day FROM synced_reports WHERE org = $1 AND report_type = 'usage_pulls'`,
        [deps.org],
      )
    ).map((r) => r.day),
  );
  const pending: string[] = [];
  try {
    for await (const page of ed.reports('usage_pulls', 'daily')) {
      for (const report of page)
        if (report.date >= oldest && !done.has(report.date)) pending.push(report.date);
    }
  } catch (err) {
    // The API answers 404 while an organization has no reports yet (enterprise-data spec): not an error.
    if (!(err instanceof DockerApiError && err.code === 'not_found')) throw err;
  }
  let latest: string | null = null;
  let rows = 0;
  for (const date of pending.sort()) {
    const pulls = await parseUsagePulls((await ed.download('usage_pulls', 'daily', date)) as Readable);
    const points: MetricPoint[] = [];
    for (const [day, images] of pulls.byDay) {
      for (const [image, count] of images) points.push({ day, metric: 'pulls', key: image, value: count });
    }
    await deps.db.transaction(async (tx) => {
      await createPointsRepo(tx).upsert(deps.org, points, 'usage-pulls');
      await tx.query(
        `INSERT INTO synced_reports (org, report_type, day, rows, synced_at) VALUES ($1, 'usage_pulls', $2::date, $3, $4)
         ON CONFLICT DO NOTHING`,
        [deps.org, date, points.length, now],
      );
    });
    rows += points.length;
    latest = date;
  }
  return {
    detail: pending.length ? `${pending.length} daily reports (${rows} image-days)` : 'no new reports',
    dataAsOf: latest,
  };
}
