import type { Evaluation } from '../domain/alerts.js';
import { complianceFindings, desktopVersionFindings, policyChangeFindings } from '../domain/drift-rules.js';
import { type ActivityEvent, createActivityRepo } from '../store/activity-repo.js';
import { createComplianceRepo } from '../store/compliance-repo.js';
import type { Queryable } from '../store/db.js';
import { createMembersRepo } from '../store/members-repo.js';

/** What changed in the store: each re-evaluates the drift rules that read it. */
export type DriftInput = 'compliance' | 'members' | 'activity';

/** Policy changes older than this are history, not news (a first sync reads 90 days of log). */
const POLICY_EVENTS_SINCE = { kind: 'ago', amount: 7, unit: 'd' } as const;

/** The drift rules to evaluate after `changed` data arrived, from what the store holds now. */
export async function driftEvaluations(
  db: Queryable,
  org: string,
  changed: ReadonlySet<DriftInput>,
  options: { minDesktopVersion?: string; now: Date },
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
    const pages = createActivityRepo(db).search(
      org,
      { action: 'setting.policy.*', since: POLICY_EVENTS_SINCE },
      { now: options.now },
    );
    for await (const page of pages) events.push(...page);
    evaluations.push(policyChangeFindings(events, org));
  }
  return evaluations;
}
