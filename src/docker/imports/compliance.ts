import {
  COMPLIANCE_STATUSES,
  type ComplianceRecord,
  DOMAIN_STATUSES,
  SETTINGS_STATUSES,
} from '../../domain/compliance.js';
import { InsightsError } from '../../errors.js';
import { type CsvRow, type ImportInput, normalizeHeader, quote, readCsv } from './csv.js';
import { parseTimestamp, TIMESTAMP_FORMATS } from './values.js';

export {
  COMPLIANCE_STATUSES,
  type ComplianceRecord,
  type ComplianceStatus,
  DOMAIN_STATUSES,
  type DomainStatus,
  SETTINGS_STATUSES,
  type SettingsStatus,
} from '../../domain/compliance.js';

export type ComplianceField = keyof ComplianceRecord;
export type ComplianceHeaderMap = Record<ComplianceField, readonly string[]>;

/**
 * Docker does not document the export's columns, so each field lists the header names it may have
 * (compared ignoring case, spaces and punctuation); a configured list replaces the default.
 */
export const DEFAULT_COMPLIANCE_HEADERS: ComplianceHeaderMap = {
  username: ['Username', 'User name', 'User'],
  email: ['Email', 'Email address'],
  complianceStatus: ['Compliance status', 'Status', 'Compliance'],
  domainStatus: ['Domain status'],
  settingsStatus: ['Settings status'],
  assignedPolicy: ['Assigned policy', 'Policy'],
  lastPolicyFetch: ['Last policy fetch', 'Last fetched'],
  desktopVersion: ['Docker Desktop version', 'Desktop version', 'Version'],
  machineId: ['Machine ID', 'Machine'],
};

export interface ComplianceOptions {
  headers?: Partial<ComplianceHeaderMap>;
}

/** Accepted spellings, compared after normalizeHeader (so `Non compliant` = `non-compliant`). */
function lookup<T extends string>(values: readonly T[], extra: Record<string, T> = {}): Map<string, T> {
  const map = new Map<string, T>(values.map((value) => [normalizeHeader(value), value]));
  for (const [alias, value] of Object.entries(extra)) map.set(normalizeHeader(alias), value);
  return map;
}

const COMPLIANCE = lookup(COMPLIANCE_STATUSES, { 'Not compliant': 'Non-compliant' });
const DOMAIN = lookup(DOMAIN_STATUSES, { Guest: 'Guest user' });
const SETTINGS = lookup(SETTINGS_STATUSES);

function status<T extends string>(
  row: CsvRow<ComplianceField>,
  field: ComplianceField,
  accepted: Map<string, T>,
  names: readonly T[],
): T | null {
  const text = row.get(field);
  if (text === '') return null;
  const value = accepted.get(normalizeHeader(text));
  if (value === undefined) {
    row.fail(
      field,
      `${quote(text)} is not a known status (accepted: ${names.map((n) => `"${n}"`).join(', ')})`,
    );
  }
  return value;
}

function toRecord(row: CsvRow<ComplianceField>): ComplianceRecord {
  const username = row.optional('username');
  const email = row.optional('email');
  const machineId = row.optional('machineId');
  if (!username && !email && !machineId) {
    row.fail(row.has('username') ? 'username' : 'email', 'a row needs a username, an email or a machine ID');
  }
  const complianceStatus = status(row, 'complianceStatus', COMPLIANCE, COMPLIANCE_STATUSES);
  if (!complianceStatus) {
    row.fail(
      'complianceStatus',
      `the status is empty (accepted: ${COMPLIANCE_STATUSES.map((n) => `"${n}"`).join(', ')})`,
    );
  }
  const fetched = row.get('lastPolicyFetch');
  const lastPolicyFetch = parseTimestamp(fetched);
  if (lastPolicyFetch === undefined) {
    row.fail('lastPolicyFetch', `${quote(fetched)} is not a date (expected ${TIMESTAMP_FORMATS})`);
  }
  return {
    username,
    email,
    machineId,
    complianceStatus,
    domainStatus: status(row, 'domainStatus', DOMAIN, DOMAIN_STATUSES),
    settingsStatus: status(row, 'settingsStatus', SETTINGS, SETTINGS_STATUSES),
    assignedPolicy: row.optional('assignedPolicy'),
    lastPolicyFetch,
    desktopVersion: row.optional('desktopVersion'),
  };
}

/**
 * Parses the Settings Reporting CSV export. Needs a Username or Email column and a compliance
 * status column; throws an ImportError at the first bad row.
 */
export async function parseCompliance(
  input: ImportInput,
  options: ComplianceOptions = {},
): Promise<ComplianceRecord[]> {
  const headers: ComplianceHeaderMap = { ...DEFAULT_COMPLIANCE_HEADERS };
  for (const [field, names] of Object.entries(options.headers ?? {}) as [
    ComplianceField,
    readonly string[],
  ][]) {
    if (names && names.length > 0) headers[field] = names;
  }
  const records: ComplianceRecord[] = [];
  await readCsv(
    input,
    headers,
    (columns) => {
      columns.require('username', 'email');
      columns.require('complianceStatus');
    },
    (row) => records.push(toRecord(row)),
  );
  return records;
}

/**
 * Parses a header map setting such as `username=User ID;complianceStatus=Policy state|State`:
 * `field=header` pairs separated by `;`, alternatives by `|`. Field names ignore case and
 * punctuation (`compliance_status` works). Throws `config_invalid` for an unknown field.
 */
export function parseComplianceHeaderMap(env: string): Partial<ComplianceHeaderMap> {
  const fields = new Map(
    (Object.keys(DEFAULT_COMPLIANCE_HEADERS) as ComplianceField[]).map((f) => [normalizeHeader(f), f]),
  );
  const map: Partial<ComplianceHeaderMap> = {};
  for (const entry of env.split(/[;\n]/)) {
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    const field = fields.get(normalizeHeader(eq < 0 ? entry : entry.slice(0, eq)));
    const names =
      eq < 0
        ? []
        : entry
            .slice(eq + 1)
            .split('|')
            .map((n) => n.trim())
            .filter(Boolean);
    if (!field || names.length === 0) {
      throw new InsightsError(
        'config_invalid',
        `COMPLIANCE_HEADERS: ${quote(entry.trim())} is not field=Header name; fields: ${[...fields.values()].join(', ')}`,
      );
    }
    map[field] = [...(map[field] ?? []), ...names];
  }
  return map;
}
