import type { InsightsData, InsightsSource } from '../domain/insights.js';
import type { Day } from '../domain/period.js';
import type { Queryable } from './db.js';
import { createMembersRepo } from './members-repo.js';
import { createPointsRepo } from './points-repo.js';

/**
 * The organization's own data, as the syncs and imports stored it. A metric no source has ever
 * delivered is left out of `provided`, so charts say which import or setting would provide it.
 */
export function createStoredSource(db: Queryable, org: string): InsightsSource {
  const points = createPointsRepo(db);
  const members = createMembersRepo(db);
  return {
    kind: 'docker',
    org,
    dataAsOf: () => points.latestDay(org),
    memberPages: () => members.pages(org),
    async load(range: { from: Day; to: Day }): Promise<InsightsData> {
      const [list, rows, provided] = await Promise.all([
        members.list(org),
        points.range(org, range.from, range.to),
        points.providedMetrics(org),
      ]);
      return {
        org,
        // Callers end the range at dataAsOf(): asking the store for its latest day again would repeat that query.
        asOf: range.to,
        from: range.from,
        to: range.to,
        members: list,
        points: rows,
        provided,
      };
    },
  };
}
