import type { Queryable } from './db.js';

/** Files imported from the Admin Console: a file (by content hash) is imported once. */
export function createImportsRepo(db: Queryable) {
  return {
    async find(org: string, sha256: string): Promise<{ kind: string; importedAt: Date } | null> {
      const [row] = await db.query<{ kind: string; imported_at: Date }>(
        'SELECT kind, imported_at FROM imports WHERE org = $1 AND sha256 = $2',
        [org, sha256],
      );
      return row ? { kind: row.kind, importedAt: row.imported_at } : null;
    },

    /** Records an import (inside the transaction that stores its rows); returns its id. */
    async record(
      org: string,
      file: { kind: string; filename: string; sha256: string; rows: number; at: Date; by: string },
    ): Promise<number> {
      const [row] = await db.query<{ id: number }>(
        `INSERT INTO imports (org, kind, filename, sha256, rows, imported_at, imported_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [org, file.kind, file.filename, file.sha256, file.rows, file.at, file.by],
      );
      return Number(row?.id);
    },
  };
}
