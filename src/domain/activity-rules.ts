/**
 * Sensitive-activity alerts (product.md §5): events of the activity log whose action is on the
 * configured list become informational, one-shot alerts for `activity` subscriptions.
 */
import { actionMatches } from './activity-filter.js';
import type { Evaluation, Finding, Severity } from './alerts.js';
import { adminConsoleUrl, type PolicyEvent } from './drift-rules.js';

export const ACTIVITY_RULE = 'activity.sensitive';

/**
 * Activity-log actions worth an alert, in Docker's `<group>.<name>` form (docker-apis.md §3.2–3.3): SSO
 * and SCIM changes, Desktop settings-policy changes, role changes, removed members (`member.remove`; the
 * older catalog's `member.removed`), new access tokens, deleted domains, registry access changes,
 * organization settings.
 */
export const DEFAULT_SENSITIVE_ACTIONS = [
  'enterprise.sso.*',
  'enterprise.setting.policy.*',
  'org.member.role.change',
  'org.member.remove*',
  'org.access_token.create',
  'org.domain.delete',
  'org.registry_access.*',
  'org.settings.update',
];

/** Identity and access changes weigh most; membership and tokens next; anything else listed is low. */
const SEVERITY: Array<[string, Severity]> = [
  ['sso.*', 'high'],
  ['domain.delete', 'high'],
  ['registry_access.*', 'high'],
  ['member.role.change', 'medium'],
  ['setting.policy.*', 'medium'],
  ['member.remove*', 'medium'],
  ['access_token.create', 'medium'],
  ['settings.update', 'medium'],
];

export function activitySeverity(action: string): Severity {
  return SEVERITY.find(([pattern]) => actionMatches(action, pattern))?.[1] ?? 'low';
}

/** Whether `action` is on the list (entries are actions or prefixes ending in `*`, with or without the group). */
export function isSensitive(action: string, actions: readonly string[]): boolean {
  return actions.some((entry) => actionMatches(action, entry));
}

/** The entries of the list that match no action of Docker's catalog (`/v2/auditlogs/{org}/actions`): typos. */
export function unknownActions(actions: readonly string[], catalog: readonly string[]): string[] {
  return actions.filter((entry) => !catalog.some((action) => actionMatches(action, entry)));
}

/** One action of Docker's activity-log catalog (`GET /v2/auditlogs/{org}/actions`). */
export interface CatalogAction {
  /** `<group>.<name>`, as events carry it: `org.member.role.change`. */
  action: string;
  /** Docker's label: "Member Role Changed". */
  label: string;
  description: string;
}

/** Action → Docker's label, for the alert titles (keys lowercase). */
export function catalogLabels(catalog: readonly CatalogAction[]): Map<string, string> {
  return new Map(catalog.map((a) => [a.action.toLowerCase(), a.label]));
}

/** The activity-log fields the rule reads (an ActivityEvent has them all). */
export type ActivityEventLike = PolicyEvent & { data?: Record<string, string> };

/**
 * One informational, one-shot finding per sensitive event. `labels` maps an action to Docker's label for it
 * (the `/actions` catalog: `org.member.role.change` → "Member Role Changed"), where the catalog is known.
 */
export function sensitiveActivityFindings(
  events: ActivityEventLike[],
  actions: readonly string[],
  org: string,
  labels: ReadonlyMap<string, string> = new Map(),
): Evaluation {
  const findings: Finding[] = events
    .filter((e) => isSensitive(e.action, actions))
    .map((e) => {
      const details = Object.entries(e.data ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .slice(0, 4)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      const label = labels.get(e.action.toLowerCase());
      const what = `${e.actor || 'Someone'}: ${e.description || e.action}${e.name ? ` (${e.name})` : ''}`;
      return {
        rule: ACTIVITY_RULE,
        entity: e.id,
        severity: activitySeverity(e.action),
        title: label ? `${label} — ${what}` : what,
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
