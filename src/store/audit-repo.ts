import { auditRecord } from '../domain/siem-records.js';
import type { Queryable } from './db.js';
import { enqueueSiem } from './siem-repo.js';

export interface AuditEntry {
  at: Date;
  actor: string;
  action: string;
  target: string;
}

/**
 * Who did what, when (subscriptions, silences, acknowledgements, exports). Never holds secrets. Each entry
 * is queued for the SIEM destinations with it (callers pass a transaction when it must be atomic).
 */
export function createAuditLog(db: Queryable) {
  return {
    async record(entry: AuditEntry & { detail?: unknown }): Promise<void> {
      const [row] = await db.query<{ id: number | string }>(
        'INSERT INTO audit_log (at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [entry.at, entry.actor, entry.action, entry.target, JSON.stringify(entry.detail ?? {})],
      );
      if (row) await enqueueSiem(db, [auditRecord(Number(row.id), entry)]);
    },

    /** Entries since `from`, oldest first, a page at a time (a new SIEM destination's backfill). */
    async *since(
      from: Date,
      pageSize: number,
    ): AsyncGenerator<Array<AuditEntry & { id: number; detail: unknown }>> {
      let after = 0;
      for (;;) {
        const rows = await db.query<{
          id: number | string;
          at: Date;
          actor: string;
          action: string;
          target: string;
          detail: unknown;
        }>(
          'SELECT id, at, actor, action, target, detail FROM audit_log WHERE at >= $1 AND id > $2 ORDER BY id LIMIT $3',
          [from, after, pageSize],
        );
        if (rows.length === 0) return;
        yield rows.map((r) => ({ ...r, id: Number(r.id) }));
        after = Number(rows.at(-1)?.id);
        if (rows.length < pageSize) return;
      }
    },

    async trail(limit = 50): Promise<AuditEntry[]> {
      return db.query<{ at: Date; actor: string; action: string; target: string }>(
        'SELECT at, actor, action, target FROM audit_log ORDER BY id DESC LIMIT $1',
        [limit],
      );
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
