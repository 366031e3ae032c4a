import type { ComplianceRecord } from '../domain/compliance.js';
import { isoSeconds, type Row } from './csv.js';

/** The stored Settings Reporting report, one row per user or machine. */
export const COMPLIANCE_COLUMNS = [
  'Username',
  'Email',
  'Machine ID',
  'Compliance Status',
  'Domain Status',
  'Settings Status',
  'Assigned Policy',
  'Last Policy Fetch',
  'Docker Desktop Version',
] as const;

export function complianceRow(r: ComplianceRecord): Row {
  return [
    r.username,
    r.email,
    r.machineId,
    r.complianceStatus,
    r.domainStatus,
    r.settingsStatus,
    r.assignedPolicy,
    isoSeconds(r.lastPolicyFetch),
    r.desktopVersion,
  ];
}
