/**
 * What `/insights compliance` shows (product.md §2): the latest Settings Reporting report's counts per
 * status and the users and machines outside `Compliant`, most severe first. Plain data: the store
 * gathers it, the Block Kit builder draws it.
 */
import { bySeverity, type Severity } from './alerts.js';
import { COMPLIANCE_STATUSES, type ComplianceStatus } from './compliance.js';
import { complianceSeverity } from './drift-rules.js';

export type NonCompliantStatus = Exclude<ComplianceStatus, 'Compliant'>;

/** At most this many non-compliant users and machines are listed; the compliance export has them all. */
export const NON_COMPLIANT_SHOWN = 20;

/** The statuses outside `Compliant`, most severe first (ties in the report's own order). */
export const NON_COMPLIANT_ORDER: readonly NonCompliantStatus[] = COMPLIANCE_STATUSES.filter(
  (s): s is NonCompliantStatus => s !== 'Compliant',
)
  .map((status) => ({ status, severity: complianceSeverity(status) }))
  .sort(bySeverity)
  .map((s) => s.status);

/** One user or machine outside `Compliant`. */
export interface NonCompliantEntry {
  username: string | null;
  email: string | null;
  machineId: string | null;
  status: NonCompliantStatus;
  severity: Severity;
  desktopVersion: string | null;
}

/** The import the current report came from. */
export interface ComplianceReport {
  filename: string;
  importedAt: Date;
}

export interface ComplianceSummary {
  org: string;
  /** Null before the first Settings Reporting import. */
  report: ComplianceReport | null;
  /** Every status in the report's order, 0 where none. */
  counts: Array<{ status: ComplianceStatus; count: number }>;
  /** Users and machines in the report. */
  total: number;
  /** Most severe first, at most NON_COMPLIANT_SHOWN. */
  nonCompliant: NonCompliantEntry[];
  /** Every user and machine outside `Compliant` (the listed ones and the rest). */
  nonCompliantTotal: number;
  /** Open alerts of the drift rules (`drift.*`). */
  openDriftAlerts: number;
}

/** What the store reads: the counts per status and the first rows outside `Compliant`. */
export interface ComplianceSummaryInput {
  org: string;
  report: ComplianceReport | null;
  counts: ReadonlyArray<{ status: string; count: number }>;
  shown: ReadonlyArray<Omit<NonCompliantEntry, 'severity' | 'status'> & { status: string }>;
  openDriftAlerts: number;
}

const isStatus = (s: string): s is ComplianceStatus => (COMPLIANCE_STATUSES as readonly string[]).includes(s);

export function buildComplianceSummary(input: ComplianceSummaryInput): ComplianceSummary {
  const byStatus = new Map(input.counts.map((c) => [c.status, c.count]));
  const counts = COMPLIANCE_STATUSES.map((status) => ({ status, count: byStatus.get(status) ?? 0 }));
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  const nonCompliant: NonCompliantEntry[] = [];
  for (const row of input.shown) {
    const { status } = row;
    if (!isStatus(status) || status === 'Compliant') continue;
    nonCompliant.push({ ...row, status, severity: complianceSeverity(status) });
  }
  return {
    org: input.org,
    report: input.report,
    counts,
    total,
    nonCompliant: nonCompliant.slice(0, NON_COMPLIANT_SHOWN),
    nonCompliantTotal: total - (byStatus.get('Compliant') ?? 0),
    openDriftAlerts: input.openDriftAlerts,
  };
}

/** `alice@example.com` → `a…@example.com`: enough to tell people apart, not an address to write to. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const first = [...email][0] ?? '';
  return at <= 0 ? `${first}…` : `${first}…${email.slice(at)}`;
}

/**
 * The summary for someone who may not see emails (only Insights admins may): no email is left, and a
 * user the report names only by email (or whose username is an email) is shown masked.
 */
export function withoutEmails(summary: ComplianceSummary): ComplianceSummary {
  return {
    ...summary,
    nonCompliant: summary.nonCompliant.map((e) => {
      const name = e.username && !e.username.includes('@') ? e.username : null;
      const fallback = e.username ?? e.email;
      return { ...e, email: null, username: name ?? (fallback ? maskEmail(fallback) : null) };
    }),
  };
}
