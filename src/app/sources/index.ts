import { activityActions } from './activity-actions.js';
import { activityLog } from './activity-log.js';
import { hubInvites } from './hub-invites.js';
import { hubMembers } from './hub-members.js';
import { scoutMetrics } from './scout-metrics.js';
import type { Source } from './source.js';
import { usagePulls } from './usage-pulls.js';

export type { Source, SourceContext, SourceStep } from './source.js';

/**
 * Every Docker source, in the order a sync runs them. To add one: a file here exporting a `Source`
 * (name, configured, feeds, run), its entry below, its line in src/app/status.ts, and a test.
 */
export const SOURCES: readonly Source[] = [
  hubMembers,
  hubInvites,
  activityLog,
  usagePulls,
  activityActions,
  scoutMetrics,
];

export const SOURCE_NAMES = SOURCES.map((s) => s.name);

/** The sources the hourly `sync` job pulls (the activity log and Scout have their own schedules too). */
export const API_SOURCES = [
  hubMembers.name,
  hubInvites.name,
  activityLog.name,
  usagePulls.name,
  activityActions.name,
];

export const SCOUT_SOURCE = scoutMetrics.name;
