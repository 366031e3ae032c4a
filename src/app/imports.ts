import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import type { ComplianceHeaderMap } from '../docker/imports/compliance.js';
import { detectKind, type ImportKind, parseImport } from '../docker/imports/index.js';

export { IMPORT_KINDS, type ImportKind } from '../docker/imports/index.js';

import { addDays, toDay } from '../domain/period.js';
import { InsightsError } from '../errors.js';
import { createComplianceRepo } from '../store/compliance-repo.js';
import type { Db } from '../store/db.js';
import { createImportsRepo } from '../store/imports-repo.js';
import { createMembersRepo, snapshotMemberActivity } from '../store/members-repo.js';
import { createPointsRepo } from '../store/points-repo.js';
import { createStatusRepo } from '../store/status-repo.js';
import { readRegularFile } from './import-files.js';
import type { RuleRunner } from './rules.js';

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
async function importFile(db: Db, org: string, options: ImportOptions, now: Date): Promise<ImportOutcome> {
  // Every way in (CLI, IMPORT_DIR, the sandbox) reads here: one descriptor, no link followed.
  const bytes = await readRegularFile(options.path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const previous = await createImportsRepo(db).find(org, sha256);
  if (previous) {
    return { status: 'duplicate', kind: previous.kind as ImportKind, importedAt: previous.importedAt };
  }

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
    const importId = await createImportsRepo(tx).record(org, {
      kind,
      filename,
      sha256,
      rows: rowCount(parsed),
      at: now,
      by: options.by,
    });
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

/** Admin Console exports into the store (CLI, IMPORT_DIR, the sandbox), then the rules that read them. */
export interface Imports {
  importFile(
    options: Omit<ImportOptions, 'complianceHeaders' | 'accepts'>,
    now: Date,
  ): Promise<ImportOutcome>;
}

export function createImports(deps: {
  db: Db;
  org: string;
  /** The built-in demo organization: its charts are simulated, so only compliance reports (its drift) go in. */
  demo: boolean;
  complianceHeaders?: Partial<ComplianceHeaderMap>;
  rules: RuleRunner;
}): Imports {
  const accepts = deps.demo
    ? {
        kinds: ['compliance'] as const,
        otherwise:
          'needs DOCKER_ORG (the organization it belongs to); the demo organization takes settings-compliance reports only',
      }
    : undefined;
  return {
    async importFile(options, now) {
      const outcome = await importFile(
        deps.db,
        deps.org,
        { ...options, complianceHeaders: deps.complianceHeaders, accepts },
        now,
      );
      if (outcome.status === 'imported' && outcome.kind !== 'insights') {
        await deps.rules.changed(outcome.kind === 'compliance' ? ['compliance'] : ['members', 'seats'], now);
      }
      return outcome;
    },
  };
}
