/** The Settings Reporting (compliance) report's values (docker-apis.md §5.3); legacy `Unknown` included. */
export const COMPLIANCE_STATUSES = [
  'Compliant',
  'Non-compliant',
  'Outdated',
  'No policy assigned',
  'Uncontrolled domain',
  'Unknown',
] as const;
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

export const DOMAIN_STATUSES = ['Verified', 'Guest user', 'Domainless'] as const;
export type DomainStatus = (typeof DOMAIN_STATUSES)[number];

export const SETTINGS_STATUSES = ['Global policy', 'User policy', 'No policy assigned'] as const;
export type SettingsStatus = (typeof SETTINGS_STATUSES)[number];

/** One row of the Settings Reporting export (docker-apis.md §5.3). */
export interface ComplianceRecord {
  username: string | null;
  email: string | null;
  machineId: string | null;
  complianceStatus: ComplianceStatus;
  domainStatus: DomainStatus | null;
  settingsStatus: SettingsStatus | null;
  assignedPolicy: string | null;
  /** ISO date-time. */
  lastPolicyFetch: string | null;
  desktopVersion: string | null;
}

/** The entity a compliance row is about: a machine when the report names one, else the user. */
export function complianceEntity(r: Pick<ComplianceRecord, 'machineId' | 'email' | 'username'>): string {
  return (r.machineId ?? r.email ?? r.username ?? '').toLowerCase();
}
