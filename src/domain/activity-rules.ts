/**
 * Sensitive-activity alerts (product.md §5): events of the activity log whose action is on the
 * configured list become informational, one-shot alerts for `activity` subscriptions.
 */
import { actionMatch } from './activity-filter.js';
import type { Evaluation, Finding, Severity } from './alerts.js';
import { adminConsoleUrl, type PolicyEvent } from './drift-rules.js';

export const ACTIVITY_RULE = 'activity.sensitive';

/** Identity and access changes weigh most; membership and tokens next; anything else listed is low. */
const SEVERITY: Array<[string, Severity]> = [
  ['sso.', 'high'],
  ['domain.delete', 'high'],
  ['registry_access.', 'high'],
  ['member.role.change', 'medium'],
  ['member.remove', 'medium'],
  ['access_token.create', 'medium'],
  ['settings.update', 'medium'],
];

export function activitySeverity(action: string): Severity {
  return SEVERITY.find(([prefix]) => action.startsWith(prefix))?.[1] ?? 'low';
}

/** Whether `action` is on the list (entries are exact actions or prefixes ending in `*`). */
export function isSensitive(action: string, actions: readonly string[]): boolean {
  const lower = action.toLowerCase();
  return actions.some((entry) => {
    const match = actionMatch(entry.toLowerCase());
    return 'exact' in match ? lower === match.exact : lower.startsWith(match.prefix);
  });
}

/** The activity-log fields the rule reads (an ActivityEvent has them all). */
export type ActivityEventLike = PolicyEvent & { data?: Record<string, string> };

export function sensitiveActivityFindings(
  events: ActivityEventLike[],
  actions: readonly string[],
  org: string,
): Evaluation {
  const findings: Finding[] = events
    .filter((e) => isSensitive(e.action, actions))
    .map((e) => {
      const details = Object.entries(e.data ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .slice(0, 4)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      return {
        rule: ACTIVITY_RULE,
        entity: e.id,
        severity: activitySeverity(e.action),
        title: `${e.actor || 'Someone'}: ${e.description || e.action}${e.name ? ` (${e.name})` : ''}`,
        facts: [
          ['Action', e.action],
          ['By', e.actor || 'unknown'],
          ...(details ? [['Details', details] as [string, string]] : []),
        ],
        advice: 'Informational: check that this change was intended; the activity log has the full record.',
        link: adminConsoleUrl(org, 'activity'),
        since: e.at,
      };
    });
  return { rule: ACTIVITY_RULE, findings, oneShot: true };
}
