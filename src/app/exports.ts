/**
 * The CSV exports (formats in src/exports/): the rows each one reads, streamed into any `Writable` (a
 * file, an upload), and the audit record of who exported what.
 */
import type { Writable } from 'node:stream';
import { type ActivityFilter, formatActivityFilter } from '../domain/activity-filter.js';
import { formatCount } from '../domain/format.js';
import { DEMO_LABEL, type InsightsSource } from '../domain/insights.js';
import { type Day, DEFAULT_PERIOD, PERIOD_LABEL, type Period, periodRange, toDay } from '../domain/period.js';
import { activityRows } from '../exports/activity.js';
import { complianceRow } from '../exports/compliance.js';
import { type Row, writeCsv } from '../exports/csv.js';
import { EXPORTS, type ExportKind, exportFilename } from '../exports/index.js';

export {
  EXPORT_KINDS,
  EXPORTS,
  type ExportArgs,
  type ExportKind,
  exportFilename,
  parseExportArgs,
} from '../exports/index.js';

import { pullRows } from '../exports/pulls.js';
import { seatRowsOf } from '../exports/seats.js';
import { userRowsOf } from '../exports/users.js';
import { createActivityRepo } from '../store/activity-repo.js';
import { createAuditLog } from '../store/audit-repo.js';
import { createComplianceRepo } from '../store/compliance-repo.js';
import type { Db } from '../store/db.js';
import type { Seats } from './seats.js';

export interface ExportRequest {
  kind: ExportKind;
  /** For users and pulls; DEFAULT_PERIOD when not given. Ignored by the other kinds. */
  period?: Period;
  /** For activity. */
  filters?: ActivityFilter;
  now: Date;
}

interface ExportDeps {
  source: InsightsSource;
  db: Db;
  /** The seat list (members and invites with their status), a page at a time. */
  seats?: Pick<Seats, 'records' | 'demo'>;
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
      case 'seats': {
        if (!deps.seats) throw new Error('this command cannot list seats');
        dataAsOf = toDay(req.now);
        detail = 'members and pending invites';
        rows = await writeCsv(spec.columns, seatRowsOf(deps.seats.records(req.now)), out);
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

export interface Exports {
  write(req: ExportRequest, out: Writable): Promise<ExportResult>;
  /** The audit trail's record of an export (who, where it went, what it held). */
  audit(entry: {
    at: Date;
    actor: string;
    kind: ExportKind;
    target: string;
    detail: Record<string, unknown>;
  }): Promise<void>;
}

export function createExports(deps: ExportDeps): Exports {
  return {
    write: (req, out) => writeExport(req, deps, out),
    audit: (entry) =>
      // One transaction: the entry and its SIEM record commit together.
      deps.db.transaction((tx) =>
        createAuditLog(tx).record({
          at: entry.at,
          actor: entry.actor,
          action: `export.${entry.kind}`,
          target: entry.target,
          detail: entry.detail,
        }),
      ),
  };
}
