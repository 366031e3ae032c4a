import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import type { ComplianceHeaderMap } from '../docker/imports/compliance.js';
import { detectKind, type ImportKind, parseImport } from '../docker/imports/index.js';
import { addDays, toDay } from '../domain/period.js';
import { InsightsError } from '../errors.js';
import { createComplianceRepo } from '../store/compliance-repo.js';
import type { Db } from '../store/db.js';
import { createMembersRepo, snapshotMemberActivity } from '../store/members-repo.js';
import { createPointsRepo } from '../store/points-repo.js';
import { createStatusRepo } from '../store/status-repo.js';

export interface ImportOptions {
  path: string;
  kind?: ImportKind;
  /** Who asked (a Slack user id, `cli`, or `import-dir`). */
  by: string;
  /** The kinds this store may take, with the reason for any other (the demo organization takes compliance only). */
  accepts?: { kinds: readonly ImportKind[]; otherwise: string };
  complianceHeaders?: Partial<ComplianceHeaderMap>;
}

const KIND_LABELS: Record<ImportKind, string> = {
  'desktop-users': 'a Docker Desktop users export',
  'hub-members': 'a Hub members export',
  compliance: 'a settings-compliance report',
  insights: 'an Insights snapshot',
};

export type ImportOutcome =
  | { status: 'imported'; kind: ImportKind; rows: number; importId: number }
  | { status: 'duplicate'; kind: ImportKind | 'unknown'; importedAt: Date };

/**
 * Imports one Admin Console export, all or nothing: the whole file is parsed and validated first,
 * then stored in one transaction. The same file (by content) is imported once.
 */
export async function importFile(
  db: Db,
  org: string,
  options: ImportOptions,
  now: Date,
): Promise<ImportOutcome> {
  const bytes = await readFile(options.path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const [previous] = await db.query<{ kind: ImportKind; imported_at: Date }>(
    'SELECT kind, imported_at FROM imports WHERE org = $1 AND sha256 = $2',
    [org, sha256],
  );
  if (previous) return { status: 'duplicate', kind: previous.kind, importedAt: previous.imported_at };

  const filename = basename(options.path);
  const text = bytes.subarray(0, 4096).toString('utf8');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const kind =
    options.kind ?? detectKind(firstLine, filename, { complianceHeaders: options.complianceHeaders });
  if (!kind) {
    throw new InsightsError(
      'import_unknown_kind',
      `${filename}: cannot tell what kind of export this is from its header; pass --kind desktop-users|hub-members|compliance|insights`,
    );
  }
  if (options.accepts && !options.accepts.kinds.includes(kind)) {
    throw new InsightsError(
      'import_not_accepted',
      `${filename} is ${KIND_LABELS[kind]}: it ${options.accepts.otherwise}`,
    );
  }
  const parsed = await parseImport(kind, Readable.from([bytes]), {
    complianceHeaders: options.complianceHeaders,
    filename,
  });
  const day = addDays(toDay(now), -1);

  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO imports (org, kind, filename, sha256, rows, imported_at, imported_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [org, kind, filename, sha256, rowCount(parsed), now, options.by],
    );
    const importId = Number(row?.id);
    switch (parsed.kind) {
      case 'desktop-users':
      case 'hub-members':
        await createMembersRepo(tx).upsert(org, parsed.members, `${parsed.kind}-import`, now);
        if (parsed.kind === 'desktop-users')
          await snapshotMemberActivity(tx, org, day, 'desktop-users-import');
        break;
      case 'compliance':
        await createComplianceRepo(tx).replace(org, parsed.records, importId);
        break;
      case 'insights':
        await createPointsRepo(tx).upsert(org, parsed.points, 'insights-import');
        break;
    }
    await createStatusRepo(tx).success(
      org,
      `import:${kind}`,
      now,
      `${rowCount(parsed)} rows from ${filename}`,
    );
    return { status: 'imported', kind, rows: rowCount(parsed), importId };
  });
}

function rowCount(parsed: Awaited<ReturnType<typeof parseImport>>): number {
  switch (parsed.kind) {
    case 'desktop-users':
    case 'hub-members':
      return parsed.members.length;
    case 'compliance':
      return parsed.records.length;
    case 'insights':
      return parsed.points.length;
  }
}
