import type { ActivityEvent } from '../domain/activity-event.js';
import type { ActivityFilter } from '../domain/activity-filter.js';
import { createActivityRepo } from '../store/activity-repo.js';
import type { Queryable } from '../store/db.js';

/** The stored activity (audit) log, searched (`/insights activity`). */
export interface Activity {
  /** The newest `limit` events matching the filter (newest first) and how many match in all. */
  newest(
    filter: ActivityFilter,
    now: Date,
    limit: number,
  ): Promise<{ total: number; events: ActivityEvent[] }>;
}

export function createActivity(deps: { db: Queryable; org: string }): Activity {
  const repo = createActivityRepo(deps.db);
  return {
    async newest(filter, now, limit) {
      const newest: ActivityEvent[] = [];
      let total = 0;
      // Pages come oldest first; only the last `limit` are kept, so a large log is never held whole.
      for await (const page of repo.search(deps.org, filter, { now })) {
        total += page.length;
        newest.push(...page);
        newest.splice(0, Math.max(0, newest.length - limit));
      }
      return { total, events: newest.reverse() };
    },
  };
}
