import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import type { ComplianceHeaderMap, ComplianceRecord } from '../docker/imports/compliance.js';
import { detectKind, type ImportKind, parseImport } from '../docker/imports/index.js';
import { addDays, toDay } from '../domain/period.js';
import { InsightsError } from '../errors.js';
import type { Db, Queryable } from '../store/db.js';
import { createMembersRepo, snapshotMemberActivity } from '../store/members-repo.js';
import { createPointsRepo } from '../store/points-repo.js';
import { createStatusRepo } from '../store/status-repo.js';

export interface ImportOptions {
  path: string;
  kind?: ImportKind;
  /** Who asked (a Slack user id, `cli`, or `import-dir`). */
  by: string;
  complianceHeaders?: Partial<ComplianceHeaderMap>;
}

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
        await replaceCompliance(tx, org, parsed.records, importId);
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

/** The compliance report is a full picture: the new one replaces the old. */
async function replaceCompliance(tx: Queryable, org: string, records: ComplianceRecord[], importId: number) {
  await tx.query('DELETE FROM compliance_records WHERE org = $1', [org]);
  // One row per user or machine; a later row for the same one wins.
  const byEntity = new Map(
    records.map((r) => [(r.machineId ?? r.email ?? r.username ?? '').toLowerCase(), r]),
  );
  const entities = [...byEntity.keys()];
  const CHUNK = 5000;
  for (let i = 0; i < entities.length; i += CHUNK) {
    const keys = entities.slice(i, i + CHUNK);
    const c = keys.map((k) => byEntity.get(k) as ComplianceRecord);
    await tx.query(
      `INSERT INTO compliance_records (org, entity, username, email, machine_id, compliance_status, domain_status,
         settings_status, assigned_policy, last_policy_fetch, desktop_version, import_id)
       SELECT $1, *, $12 FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::text[], $9::text[], $10::timestamptz[], $11::text[])`,
      [
        org,
        keys,
        c.map((r) => r.username),
        c.map((r) => r.email),
        c.map((r) => r.machineId),
        c.map((r) => r.complianceStatus),
        c.map((r) => r.domainStatus),
        c.map((r) => r.settingsStatus),
        c.map((r) => r.assignedPolicy),
        c.map((r) => r.lastPolicyFetch),
        c.map((r) => r.desktopVersion),
        importId,
      ],
    );
  }
}
