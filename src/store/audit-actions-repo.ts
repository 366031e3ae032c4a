import type { CatalogAction } from '../domain/activity-rules.js';
import type { Queryable } from './db.js';

/** Docker's activity-log action catalog, as last fetched (one row per `<group>.<name>` action). */
export function createAuditActionsRepo(db: Queryable) {
  return {
    /** The catalog is a full picture: the new one replaces the old (run inside a transaction). */
    async replace(org: string, actions: CatalogAction[]): Promise<void> {
      await db.query('DELETE FROM audit_actions WHERE org = $1', [org]);
      const unique = [...new Map(actions.map((a) => [a.action.toLowerCase(), a])).values()];
      await db.query(
        `INSERT INTO audit_actions (org, action, label, description)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[])`,
        [org, unique.map((a) => a.action), unique.map((a) => a.label), unique.map((a) => a.description)],
      );
    },

    async list(org: string): Promise<CatalogAction[]> {
      return db.query<{ action: string; label: string; description: string }>(
        'SELECT action, label, description FROM audit_actions WHERE org = $1 ORDER BY action',
        [org],
      );
    },
  };
}
