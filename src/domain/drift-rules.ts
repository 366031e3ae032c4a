/**
 * Settings-drift rules (product.md §5, docker-apis.md §3.3 and §5): a user or machine leaving
 * `Compliant` in the Settings Reporting export, a Docker Desktop older than the configured minimum,
 * and every settings-policy change in the activity log.
 */
import { actionMatches } from './activity-filter.js';
import type { Evaluation, Finding, Severity } from './alerts.js';
import { type ComplianceRecord, type ComplianceStatus, complianceEntity } from './compliance.js';
import { formatWhen } from './format.js';
import type { Member } from './insights.js';

export const DRIFT_RULES = {
  compliance: 'drift.compliance',
  desktopVersion: 'drift.desktop-version',
  policyChange: 'drift.policy-change',
} as const;

/** The Admin Console pages an alert links to ("Open in Docker"). */
export function adminConsoleUrl(org: string, page: 'settings-reporting' | 'members' | 'activity'): string {
  const base = `https://app.docker.com/admin/orgs/${encodeURIComponent(org)}`;
  if (page === 'settings-reporting') return `${base}/desktop-settings/reporting`;
  return page === 'members' ? `${base}/members` : `${base}/activity-logs`;
}

const STATUS: Record<Exclude<ComplianceStatus, 'Compliant'>, { severity: Severity; advice: string }> = {
  'Non-compliant': {
    severity: 'high',
    advice:
      'Docker Desktop fetched the policy but has not applied it: ask the user to restart Docker Desktop (settings apply on restart).',
  },
  'Uncontrolled domain': {
    severity: 'high',
    advice:
      'The email domain is not verified, so no policy reaches this user: verify the domain in the Admin Console (Domain management) or ask them to sign in with their company account.',
  },
  Outdated: {
    severity: 'medium',
    advice:
      'Docker Desktop runs an older version of the policy: it re-fetches every hour and applies on restart; ask the user to sign in again and restart.',
  },
  'No policy assigned': {
    severity: 'medium',
    advice: 'Assign a settings policy to this user (or a global policy) in Desktop Settings Management.',
  },
  Unknown: {
    severity: 'low',
    advice:
      'The report does not know this user’s state (a legacy export value): check Settings Reporting in the Admin Console.',
  },
};

/** How severe a user or machine outside `Compliant` is (the `drift.compliance` alert's severity). */
export function complianceSeverity(status: Exclude<ComplianceStatus, 'Compliant'>): Severity {
  return STATUS[status].severity;
}

/** A time in a fact, in the one format alerts use, zone included: `7 Dec 2026, 18:10 UTC`. */
function instant(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : formatWhen(at);
}

/**
 * Who an alert is about, as its title says it in a channel anyone there reads: the Docker username, the
 * email only when the report has no username (non-admins' answers hide even that, slack/commands/context.ts).
 */
function who(r: { username: string | null; email: string | null }): string {
  return r.username || r.email || 'an unknown user';
}

/** Every user or machine of the current report that is not `Compliant`. */
export function complianceFindings(records: ComplianceRecord[], org: string): Evaluation {
  const findings: Finding[] = [];
  const compliant = new Set<string>();
  for (const r of records) {
    if (r.complianceStatus === 'Compliant') {
      compliant.add(complianceEntity(r));
      continue;
    }
    const status = STATUS[r.complianceStatus];
    const facts: Array<[string, string]> = [['User', who(r)]];
    if (r.machineId) facts.push(['Machine', r.machineId]);
    facts.push(['Status', r.complianceStatus]);
    if (r.assignedPolicy) facts.push(['Policy', r.assignedPolicy]);
    if (r.lastPolicyFetch) facts.push(['Last policy fetch', instant(r.lastPolicyFetch)]);
    if (r.desktopVersion) facts.push(['Docker Desktop', r.desktopVersion]);
    findings.push({
      rule: DRIFT_RULES.compliance,
      entity: complianceEntity(r),
      severity: status.severity,
      title: `${r.machineId ? `Machine ${r.machineId} of ${who(r)}` : who(r)} is ${r.complianceStatus}`,
      facts,
      advice: status.advice,
      link: adminConsoleUrl(org, 'settings-reporting'),
    });
  }
  return {
    rule: DRIFT_RULES.compliance,
    findings,
    cleared: (entity) => (compliant.has(entity) ? 'the latest report shows it Compliant' : undefined),
  };
}

/** `4.40.1` → [4, 40, 1]; null when it is not a dotted version. */
function versionParts(text: string): number[] | null {
  const m = /^v?(\d+(?:\.\d+)*)/.exec(text.trim());
  return m?.[1] ? m[1].split('.').map(Number) : null;
}

/** Negative when `a` is older than `b`; null when either is not a version. */
export function compareVersions(a: string, b: string): number | null {
  const x = versionParts(a);
  const y = versionParts(b);
  if (!x || !y) return null;
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Members (and report machines) whose last Docker Desktop is older than `minimum`. */
export function desktopVersionFindings(
  members: Member[],
  records: ComplianceRecord[],
  minimum: string,
  org: string,
): Evaluation {
  const findings: Finding[] = [];
  /** Entities on `minimum` or later now, with their version (the resolution note says it). */
  const upToDate = new Map<string, string>();
  const advice = `Ask them to update Docker Desktop to ${minimum} or later (Settings Management can enforce a minimum version).`;
  for (const m of members) {
    const version = m.lastDesktopVersion;
    if (!version) continue;
    if ((compareVersions(version, minimum) ?? 0) >= 0) {
      upToDate.set(`user:${(m.username || m.email).toLowerCase()}`, version);
      continue;
    }
    const name = m.username || m.email;
    findings.push({
      rule: DRIFT_RULES.desktopVersion,
      entity: `user:${(m.username || m.email).toLowerCase()}`,
      severity: 'medium',
      title: `${name} runs Docker Desktop ${version}, below ${minimum}`,
      facts: [
        ['User', name],
        ['Docker Desktop', version],
        ...(m.lastSeenAt ? [['Last seen', instant(m.lastSeenAt)] as [string, string]] : []),
      ],
      advice,
      link: adminConsoleUrl(org, 'members'),
    });
  }
  for (const r of records) {
    if (!r.machineId || !r.desktopVersion) continue;
    if ((compareVersions(r.desktopVersion, minimum) ?? 0) >= 0) {
      upToDate.set(`machine:${r.machineId.toLowerCase()}`, r.desktopVersion);
      continue;
    }
    findings.push({
      rule: DRIFT_RULES.desktopVersion,
      entity: `machine:${r.machineId.toLowerCase()}`,
      severity: 'medium',
      title: `Machine ${r.machineId} of ${who(r)} runs Docker Desktop ${r.desktopVersion}, below ${minimum}`,
      facts: [
        ['User', who(r)],
        ['Machine', r.machineId],
        ['Docker Desktop', r.desktopVersion],
      ],
      advice,
      link: adminConsoleUrl(org, 'settings-reporting'),
    });
  }
  return {
    rule: DRIFT_RULES.desktopVersion,
    findings,
    cleared: (entity) => {
      const version = upToDate.get(entity);
      return version ? `now on Docker Desktop ${version}` : undefined;
    },
  };
}

/** The fields of an activity-log event the policy rule reads. */
export interface PolicyEvent {
  id: string;
  at: string;
  action: string;
  name: string;
  actor: string;
  description: string;
}

const POLICY_VERB: Record<string, string> = {
  create: 'created',
  update: 'changed',
  delete: 'deleted',
  transfer: 'transferred',
};

/** Settings-policy changes: `enterprise.setting.policy.*` (docker-apis.md §3.3, §5.2). */
const POLICY_ACTIONS = 'enterprise.setting.policy.*';

/** One informational alert per `enterprise.setting.policy.*` event. */
export function policyChangeFindings(events: PolicyEvent[], org: string): Evaluation {
  const findings: Finding[] = events
    .filter((e) => actionMatches(e.action, POLICY_ACTIONS))
    .map((e) => {
      const operation = e.action.slice(e.action.lastIndexOf('.') + 1).toLowerCase();
      const verb = POLICY_VERB[operation] ?? operation;
      const policy = e.name ? `“${e.name}”` : 'a settings policy';
      return {
        rule: DRIFT_RULES.policyChange,
        entity: e.id,
        severity: 'low' as const,
        title: `${e.actor || 'Someone'} ${verb} ${policy}`,
        facts: [
          ['Action', e.action],
          ['By', e.actor || 'unknown'],
          ...(e.description ? [['Details', e.description] as [string, string]] : []),
        ],
        advice:
          'Informational: Docker Desktop applies a changed policy after its next fetch (hourly) and restart, so expect compliance to move in the next report.',
        link: adminConsoleUrl(org, 'activity'),
        since: e.at,
      };
    });
  return { rule: DRIFT_RULES.policyChange, findings, oneShot: true };
}
