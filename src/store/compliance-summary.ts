import {
  buildComplianceSummary,
  type ComplianceSummary,
  NON_COMPLIANT_ORDER,
  NON_COMPLIANT_SHOWN,
} from '../domain/compliance-summary.js';
import { createAlertsRepo } from './alerts-repo.js';
import { createComplianceRepo } from './compliance-repo.js';
import type { Queryable } from './db.js';

/**
 * What `/insights compliance` shows, read with four small queries: the counts are aggregated and the
 * listed rows chosen in the database, so a 100,000-row report never crosses the wire.
 */
export async function loadComplianceSummary(db: Queryable, org: string): Promise<ComplianceSummary> {
  const repo = createComplianceRepo(db);
  const [report, counts, shown, openDriftAlerts] = await Promise.all([
    repo.latestImport(org),
    repo.countsByStatus(org),
    repo.firstWithStatus(org, NON_COMPLIANT_ORDER, NON_COMPLIANT_SHOWN),
    createAlertsRepo(db, org).openCount('drift'),
  ]);
  return buildComplianceSummary({ org, report, counts, shown, openDriftAlerts });
}
