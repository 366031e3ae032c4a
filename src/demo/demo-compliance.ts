import type { ComplianceStatus } from '../domain/compliance.js';
import type { Member } from '../domain/insights.js';

export const DEMO_COMPLIANCE_HEADER =
  'Username,Email,Compliance status,Domain status,Settings status,Assigned policy,Last policy fetch,Docker Desktop version';

/** Who drifts in each step of the sample story: three leave Compliant, one comes back, all are fixed. */
const STEPS: Array<Array<ComplianceStatus | undefined>> = [
  ['Non-compliant', 'Outdated', 'Uncontrolled domain'],
  ['Non-compliant', 'Compliant', 'Uncontrolled domain'],
  [],
];
export const DEMO_COMPLIANCE_STEPS = STEPS.length;

/** Seen this lately, a member's Docker Desktop still runs and fetches its policy (hourly) now. */
const RUNNING_MS = 2 * 86_400_000;

/**
 * When a member's Docker Desktop last fetched its policy, consistent with the member list: a few minutes
 * ago (`i` staggers them) when it ran lately, else when it was last seen — never "today" for someone last
 * seen months ago.
 */
function lastFetch(m: Member, i: number, now: Date): string {
  const seen = Date.parse(m.lastSeenAt ?? '');
  const recent = new Date(now.getTime() - (i + 1) * 7 * 60_000);
  return now.getTime() - seen <= RUNNING_MS ? recent.toISOString() : new Date(seen).toISOString();
}

/**
 * A Settings Reporting export for the demo organization's first users who ever ran Docker Desktop (the
 * sandbox's "import sample compliance report"): step 0 opens three drift alerts, step 1 resolves one, step
 * 2 resolves the rest. Each row agrees with the member list (last seen, Desktop version); the fetch times of
 * the members active lately follow `now`, so every import is a new file.
 */
export function demoComplianceReport(members: Member[], step: number, now: Date): string {
  const drifting = STEPS[step % STEPS.length] ?? [];
  const users = members.filter((m) => m.type === 'User' && m.username && m.lastSeenAt).slice(0, 12);
  const rows = users.map((m, i) => {
    const status = drifting[i] ?? 'Compliant';
    const fetched = lastFetch(m, i, now);
    const domain = status === 'Uncontrolled domain' ? 'Guest user' : 'Verified';
    const policy = status === 'Outdated' ? 'Default org policy (v3)' : 'Default org policy';
    return [m.username, m.email, status, domain, 'Global policy', policy, fetched, m.lastDesktopVersion ?? '']
      .map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v))
      .join(',');
  });
  return `${[DEMO_COMPLIANCE_HEADER, ...rows].join('\n')}\n`;
}
