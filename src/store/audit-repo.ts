import type { Queryable } from './db.js';

export interface AuditEntry {
  at: Date;
  actor: string;
  action: string;
  target: string;
}

/** Who did what, when (subscriptions, silences, acknowledgements, exports). Never holds secrets. */
export function createAuditLog(db: Queryable) {
  return {
    async record(entry: AuditEntry & { detail?: unknown }): Promise<void> {
      await db.query(
        'INSERT INTO audit_log (at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)',
        [entry.at, entry.actor, entry.action, entry.target, JSON.stringify(entry.detail ?? {})],
      );
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
