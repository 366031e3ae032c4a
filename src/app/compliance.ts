import {
  buildComplianceSummary,
  type ComplianceSummary,
  NON_COMPLIANT_ORDER,
  NON_COMPLIANT_SHOWN,
} from '../domain/compliance-summary.js';
import { createAlertsRepo } from '../store/alerts-repo.js';
import { createComplianceRepo } from '../store/compliance-repo.js';
import type { Queryable } from '../store/db.js';

/** The latest Settings Reporting report at a glance (`/insights compliance`). */
export interface Compliance {
  summary(): Promise<ComplianceSummary>;
}

/**
 * Read with four small queries: the counts are aggregated and the listed rows chosen in the database, so a
 * 100,000-row report never crosses the wire.
 */
export function createCompliance(deps: { db: Queryable; org: string }): Compliance {
  return {
    async summary() {
      const repo = createComplianceRepo(deps.db);
      const [report, counts, shown, openDriftAlerts] = await Promise.all([
        repo.latestImport(deps.org),
        repo.countsByStatus(deps.org),
        repo.firstWithStatus(deps.org, NON_COMPLIANT_ORDER, NON_COMPLIANT_SHOWN),
        createAlertsRepo(deps.db, deps.org).openCount('drift'),
      ]);
      return buildComplianceSummary({ org: deps.org, report, counts, shown, openDriftAlerts });
    },
  };
}
