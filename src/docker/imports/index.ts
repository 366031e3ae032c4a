import { parse } from 'csv-parse/sync';
import type { Member, MetricPoint } from '../../domain/insights.js';
import { type ComplianceHeaderMap, type ComplianceRecord, parseCompliance } from './compliance.js';
import { type ImportInput, normalizeHeader } from './csv.js';
import { DESKTOP_USERS_HEADERS, parseDesktopUsers } from './desktop-users.js';
import { parseHubMembers } from './hub-members.js';
import { type InsightsFormat, readInsights } from './insights.js';

export * from './compliance.js';
export { ImportError, type ImportInput, normalizeHeader } from './csv.js';
export { DESKTOP_USERS_HEADERS, parseDesktopUsers } from './desktop-users.js';
export { HUB_MEMBERS_HEADERS, parseHubMembers } from './hub-members.js';
export * from './insights.js';

export const IMPORT_KINDS = ['desktop-users', 'hub-members', 'compliance', 'insights'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export type ParsedImport =
  | { kind: 'desktop-users'; members: Member[] }
  | { kind: 'hub-members'; members: Member[] }
  | { kind: 'compliance'; records: ComplianceRecord[] }
  | { kind: 'insights'; points: MetricPoint[]; org: string | null };

export interface ImportOptions {
  /** The compliance header map (e.g. from COMPLIANCE_HEADERS); each list replaces the default. */
  complianceHeaders?: Partial<ComplianceHeaderMap>;
  /** The uploaded file's name: `.json` selects the JSON Insights encoding. */
  filename?: string;
  /** Insights only: CSV or JSON (default: by file name, else by the first character). */
  format?: InsightsFormat;
}

function headerCells(headerLine: string): string[] {
  try {
    const rows: string[][] = parse(headerLine, {
      bom: true,
      to_line: 1,
      relax_quotes: true,
      relax_column_count: true,
    });
    return (rows[0] ?? []).map(normalizeHeader).filter((name) => name !== '');
  } catch {
    return [];
  }
}

const normalized = (names: readonly string[]) => names.map(normalizeHeader);

/**
 * Guesses what a file is from its header line (and name): `Opted Out Analytics` (or `Last Seen Date`)
 * → desktop-users; a compliance status header → compliance; Permission/Role with Date Joined →
 * hub-members; `day,metric,…,value` or a `.json` file → insights. Undefined when nothing fits.
 */
export function detectKind(
  headerLine: string,
  filename: string,
  options: Pick<ImportOptions, 'complianceHeaders'> = {},
): ImportKind | undefined {
  if (/\.json$/i.test(filename) || /^\uFEFF?\s*\{/.test(headerLine)) return 'insights';
  const headers = new Set(headerCells(headerLine));
  const has = (names: readonly string[]) => normalized(names).some((name) => headers.has(name));
  if (has(['day', 'date']) && has(['metric']) && has(['value'])) return 'insights';
  if (has(DESKTOP_USERS_HEADERS.optedOutAnalytics)) return 'desktop-users';
  const compliance = [
    ...(options.complianceHeaders?.complianceStatus ?? []),
    'Compliance status',
    'Compliance',
    'Settings status',
    'Domain status',
    'Last policy fetch',
  ];
  if (has(compliance) || [...headers].some((name) => name.includes('compliance'))) return 'compliance';
  const person = has(['Username', 'Email']);
  if (person && has(DESKTOP_USERS_HEADERS.lastSeenAt)) return 'desktop-users';
  if (person && has(['Permission', 'Role']) && has(['Date Joined'])) return 'hub-members';
  return undefined;
}

/** Parses a file of the given kind; throws an ImportError (code `import_invalid`) naming the bad line. */
export async function parseImport(
  kind: ImportKind,
  input: ImportInput,
  options: ImportOptions = {},
): Promise<ParsedImport> {
  switch (kind) {
    case 'desktop-users':
      return { kind, members: await parseDesktopUsers(input) };
    case 'hub-members':
      return { kind, members: await parseHubMembers(input) };
    case 'compliance':
      return {
        kind,
        records: await parseCompliance(input, { headers: options.complianceHeaders ?? {} }),
      };
    case 'insights': {
      const { org, points } = await readInsights(input, {
        format: options.format,
        filename: options.filename,
      });
      return { kind, points, org };
    }
  }
}
