import type { Writable } from 'node:stream';
import {
  ACTIVITY_FILTER_HELP,
  type ActivityFilter,
  formatActivityFilter,
  parseActivityFilter,
} from '../domain/activity-filter.js';
import { closest } from '../domain/did-you-mean.js';
import { formatCount } from '../domain/format.js';
import { DEMO_LABEL, type InsightsSource } from '../domain/insights.js';
import {
  type Day,
  DEFAULT_PERIOD,
  PERIOD_LABEL,
  type Period,
  parsePeriod,
  periodRange,
  toDay,
} from '../domain/period.js';
import { createActivityRepo } from '../store/activity-repo.js';
import { createComplianceRepo } from '../store/compliance-repo.js';
import type { Queryable } from '../store/db.js';
import { ACTIVITY_COLUMNS, activityRows } from './activity.js';
import { COMPLIANCE_COLUMNS, complianceRow } from './compliance.js';
import { type Row, writeCsv } from './csv.js';
import { PULLS_COLUMNS, pullRows } from './pulls.js';
import { USERS_COLUMNS, userRowsOf } from './users.js';

export { neutraliseFormula } from './csv.js';
export { ACTIVITY_COLUMNS, COMPLIANCE_COLUMNS, PULLS_COLUMNS, USERS_COLUMNS };

export const EXPORT_KINDS = ['users', 'activity', 'compliance', 'pulls'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

interface ExportSpec {
  /** In the file name: `acme-desktop-users-1m-2026-11-21.csv`. */
  slug: string;
  title: string;
  columns: readonly string[];
  hasPeriod: boolean;
  /** Whether the file names people by email (the Slack side sends those only to the admin's DM). */
  holdsEmails: boolean;
  /** Its rows come from the Insights source (the demo organization's, in demo mode), not from imports or syncs. */
  readsSource: boolean;
}

export const EXPORTS: Record<ExportKind, ExportSpec> = {
  users: {
    slug: 'desktop-users',
    title: 'Docker Desktop users',
    columns: USERS_COLUMNS,
    hasPeriod: true,
    holdsEmails: true,
    readsSource: true,
  },
  // Actors are usernames, but invitation events hold the invitee's email (data and description).
  activity: {
    slug: 'activity',
    title: 'activity log',
    columns: ACTIVITY_COLUMNS,
    hasPeriod: false,
    holdsEmails: true,
    readsSource: false,
  },
  compliance: {
    slug: 'compliance',
    title: 'settings compliance',
    columns: COMPLIANCE_COLUMNS,
    hasPeriod: false,
    holdsEmails: true,
    readsSource: false,
  },
  pulls: {
    slug: 'pulls',
    title: 'image pulls per day',
    columns: PULLS_COLUMNS,
    hasPeriod: true,
    holdsEmails: false,
    readsSource: true,
  },
};

const ALIASES: Record<string, ExportKind> = {
  'desktop-users': 'users',
  members: 'users',
  'activity-log': 'activity',
  audit: 'activity',
  pull: 'pulls',
};

export interface ExportArgs {
  kind: ExportKind;
  /** Set (the default filled in) for the kinds that have a period: users and pulls. */
  period?: Period;
  /** Set (possibly empty) for activity. */
  filters?: ActivityFilter;
}

/**
 * Reads `<kind> [period]` or `activity [actor:… action:… since:…]` (the words after
 * `/insights export`); an error says what to type instead.
 */
export function parseExportArgs(tokens: readonly string[]): ExportArgs | { error: string } {
  const [first, ...rest] = tokens.map((t) => t.trim()).filter(Boolean);
  const kinds = EXPORT_KINDS.join(', ');
  if (first === undefined) return { error: `Name an export: ${kinds}.` };
  const word = first.toLowerCase();
  const kind = EXPORT_KINDS.find((k) => k === word) ?? ALIASES[word];
  if (!kind) {
    const guess = closest(word, EXPORT_KINDS);
    return {
      error: `Unknown export "${first}".${guess ? ` Did you mean "${guess}"?` : ''} Exports: ${kinds}.`,
    };
  }
  switch (kind) {
    case 'users':
    case 'pulls': {
      if (rest.length > 1) return { error: `The ${kind} export takes one period: use 1w, 1m or 3m.` };
      const text = rest[0];
      if (text === undefined) return { kind, period: DEFAULT_PERIOD };
      const period = parsePeriod(text);
      if (!period) return { error: `Unknown period "${text}": use 1w, 1m or 3m.` };
      return { kind, period };
    }
    case 'compliance':
      if (rest.length > 0) {
        return {
          error: `The compliance export takes no period or filter ("${rest.join(' ')}"): it is the latest Settings Reporting report.`,
        };
      }
      return { kind };
    case 'activity': {
      const period = rest.find((t) => parsePeriod(t) !== undefined);
      if (period) {
        return {
          error: `The activity export takes filters, not a period: use since:7d. ${ACTIVITY_FILTER_HELP}`,
        };
      }
      const parsed = parseActivityFilter(rest);
      if ('error' in parsed) return parsed;
      return { kind, filters: parsed.filter };
    }
  }
}

export interface ExportRequest {
  kind: ExportKind;
  /** For users and pulls; DEFAULT_PERIOD when not given. Ignored by the other kinds. */
  period?: Period;
  /** For activity. */
  filters?: ActivityFilter;
  now: Date;
}

export interface ExportDeps {
  source: InsightsSource;
  db: Queryable;
}

export interface ExportResult {
  rows: number;
  filename: string;
  /**
   * One line for people: `acme Docker Desktop users: 250 rows, period 1m (last 30 days), data as of 2026-11-20`,
   * after `Demo data · ` when the rows are the demo organization's.
   */
  summary: string;
  holdsEmails: boolean;
  /** The rows are the built-in demo organization's made-up ones. */
  demo: boolean;
  /** The UTC day the data is as of, null when there is none yet. */
  dataAsOf: Day | null;
  period?: Period;
}

/** Rows made one at a time as the stream asks for them. */
function* mapRows<T>(items: Iterable<T>, row: (item: T) => Row): Generator<Row> {
  for (const item of items) yield row(item);
}

/** `acme-desktop-users-1m-2026-11-21.csv`: org, kind, period (when the kind has one), the UTC day of `now`. */
export function exportFilename(org: string, kind: ExportKind, period: Period | undefined, now: Date): string {
  const safeOrg = org.replace(/[^A-Za-z0-9_-]+/g, '-') || 'org';
  const spec = EXPORTS[kind];
  return `${safeOrg}-${spec.slug}${spec.hasPeriod && period ? `-${period}` : ''}-${toDay(now)}.csv`;
}

/**
 * Writes one export as CSV into `out`, streaming its rows (backpressure respected), and resolves once
 * `out` has been ended and has flushed everything. On a failure `out` is destroyed and this rejects.
 *
 * - users: every member the source knows (the stored members and imports, or the demo organization);
 *   the period names the file and the summary, as on the Admin Console (its export lists every member).
 * - pulls: pulls per day and image for the period ending on the source's latest day.
 * - compliance: the stored Settings Reporting report; data as of its newest policy fetch.
 * - activity: the stored activity log matching the filters, oldest first; data as of its newest event.
 */
export async function writeExport(
  req: ExportRequest,
  deps: ExportDeps,
  out: Writable,
): Promise<ExportResult> {
  const spec = EXPORTS[req.kind];
  const org = deps.source.org;
  const period = spec.hasPeriod ? (req.period ?? DEFAULT_PERIOD) : undefined;
  let rows: number;
  let dataAsOf: Day | null = null;
  let detail = period ? `period ${period} (${PERIOD_LABEL[period]})` : '';
  try {
    switch (req.kind) {
      case 'users': {
        dataAsOf = await deps.source.dataAsOf(req.now);
        // A page of members at a time where the source can (the store): 100,000 members are never held whole.
        const pages = deps.source.memberPages?.() ?? [
          (
            await deps.source.load(
              { from: dataAsOf ?? toDay(req.now), to: dataAsOf ?? toDay(req.now) },
              req.now,
            )
          ).members,
        ];
        rows = await writeCsv(spec.columns, userRowsOf(pages), out);
        break;
      }
      case 'pulls': {
        dataAsOf = await deps.source.dataAsOf(req.now);
        const data = await deps.source.load(
          periodRange(period ?? DEFAULT_PERIOD, dataAsOf ?? toDay(req.now)),
          req.now,
        );
        detail = `period ${period} (${data.from} to ${data.to})`;
        if (!data.provided.has('pulls'))
          detail += ', no pull data yet (the usage-pulls sync needs DOCKER_TOKEN)';
        rows = await writeCsv(spec.columns, pullRows(data.points), out);
        break;
      }
      case 'compliance': {
        const records = await createComplianceRepo(deps.db).list(org);
        const newest = records.reduce<string | null>(
          (max, r) => (r.lastPolicyFetch && (!max || r.lastPolicyFetch > max) ? r.lastPolicyFetch : max),
          null,
        );
        dataAsOf = newest ? toDay(new Date(newest)) : null;
        rows = await writeCsv(spec.columns, mapRows(records, complianceRow), out);
        break;
      }
      case 'activity': {
        const repo = createActivityRepo(deps.db);
        const filters = req.filters ?? {};
        const latest = await repo.latestAt(org);
        dataAsOf = latest ? toDay(latest) : null;
        const text = formatActivityFilter(filters);
        detail = text ? `filters ${text}` : 'all events';
        rows = await writeCsv(spec.columns, activityRows(repo.search(org, filters, { now: req.now })), out);
        break;
      }
    }
  } catch (err) {
    if (!out.destroyed) out.destroy();
    throw err;
  }
  const parts = [
    `${formatCount(rows)} ${rows === 1 ? 'row' : 'rows'}`,
    detail,
    `data as of ${dataAsOf ?? 'none yet'}`,
  ];
  // Imports and the activity log are real files and events, even in demo mode; the source's rows are not.
  const demo = spec.readsSource && deps.source.kind === 'demo';
  return {
    rows,
    filename: exportFilename(org, req.kind, period, req.now),
    summary: `${demo ? `${DEMO_LABEL} · ` : ''}${org} ${spec.title}: ${parts.filter(Boolean).join(', ')}`,
    holdsEmails: spec.holdsEmails,
    demo,
    dataAsOf,
    ...(period ? { period } : {}),
  };
}
