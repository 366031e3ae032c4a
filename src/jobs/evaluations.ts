import { catalogLabels, sensitiveActivityFindings } from '../domain/activity-rules.js';
import type { Evaluation } from '../domain/alerts.js';
import { complianceFindings, desktopVersionFindings, policyChangeFindings } from '../domain/drift-rules.js';
import { type ActivityEvent, createActivityRepo } from '../store/activity-repo.js';
import { createAuditActionsRepo } from '../store/audit-actions-repo.js';
import { createComplianceRepo } from '../store/compliance-repo.js';
import type { Queryable } from '../store/db.js';
import { createMembersRepo } from '../store/members-repo.js';

/** What changed in the store: each re-evaluates the rules that read it. */
export type RuleInput = 'compliance' | 'members' | 'activity';

/** Events older than this are history, not news (a first sync reads 90 days of log). */
const EVENTS_SINCE = { kind: 'ago', amount: 7, unit: 'd' } as const;

/**
 * The alert rules that read the store (drift, sensitive activity), evaluated after `changed` data
 * arrived, from what the store holds now.
 */
export async function storeEvaluations(
  db: Queryable,
  org: string,
  changed: ReadonlySet<RuleInput>,
  options: { minDesktopVersion?: string; sensitiveActions: readonly string[]; now: Date },
): Promise<Evaluation[]> {
  const evaluations: Evaluation[] = [];
  const versions = options.minDesktopVersion && (changed.has('compliance') || changed.has('members'));
  const records = changed.has('compliance') || versions ? await createComplianceRepo(db).list(org) : [];
  if (changed.has('compliance')) evaluations.push(complianceFindings(records, org));
  if (options.minDesktopVersion && versions) {
    const members = await createMembersRepo(db).list(org);
    evaluations.push(desktopVersionFindings(members, records, options.minDesktopVersion, org));
  }
  if (changed.has('activity')) {
    const events: ActivityEvent[] = [];
    for await (const page of createActivityRepo(db).search(
      org,
      { since: EVENTS_SINCE },
      { now: options.now },
    )) {
      events.push(...page);
    }
    evaluations.push(policyChangeFindings(events, org));
    const labels = catalogLabels(await createAuditActionsRepo(db).list(org));
    evaluations.push(sensitiveActivityFindings(events, options.sensitiveActions, org, labels));
  }
  return evaluations;
}
