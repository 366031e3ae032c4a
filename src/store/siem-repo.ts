/**
 * SQL of SIEM forwarding (tables `siem_destinations`, `siem_outbox`, migration 008). A record is queued once
 * per configured destination by `enqueueSiem()`, inside the transaction of what it forwards; a destination's
 * records leave in id order and are deleted once the destination took them (or, with Splunk's indexer
 * acknowledgment, once it confirmed them). Who sends for a destination is decided by an advisory lock
 * (src/app/siem.ts), so replicas never send the same record at once.
 */
import type { SiemKind, SiemRecord } from '../domain/siem-records.js';
import type { SiemDestinationState } from '../domain/siem-status.js';
import { chunks } from './chunks.js';
import type { Queryable } from './db.js';

/**
 * Queues `records` for every configured destination (none configured: nothing is written), or for the
 * one named (a backfill).
 */
export async function enqueueSiem(
  q: Queryable,
  records: readonly SiemRecord[],
  only: string | null = null,
): Promise<void> {
  for (const c of chunks(records, 2000)) {
    await q.query(
      `INSERT INTO siem_outbox (destination, key, kind, at, body)
       SELECT d.name, r.key, r.kind, r.at, r.body
         FROM siem_destinations d
        CROSS JOIN unnest($1::text[], $2::text[], $3::timestamptz[], $4::jsonb[]) WITH ORDINALITY AS r(key, kind, at, body, n)
        WHERE d.configured AND ($5::text IS NULL OR d.name = $5)
        ORDER BY d.name, r.n
       ON CONFLICT (destination, key) DO NOTHING`,
      [
        c.map((r) => r.key),
        c.map((r) => r.kind),
        c.map((r) => r.at),
        c.map((r) => JSON.stringify(r.body)),
        only,
      ],
    );
  }
}

/**
 * A new destination's backfill of the stored activity log, in one statement: the same body as
 * activityRecord() in src/domain/siem-records.ts builds (test/siem-store.test.ts holds them equal).
 */
export async function backfillActivity(
  q: Queryable,
  destination: string,
  org: string,
  since: Date,
): Promise<number> {
  const rows = await q.query<{ n: number }>(
    `WITH queued AS (
       INSERT INTO siem_outbox (destination, key, kind, at, body)
       SELECT $1, 'activity:' || id, 'activity', at,
              jsonb_build_object(
                'action', action, 'name', name, 'actor', actor, 'data', coalesce(data, '{}'::jsonb),
                'timestamp', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'action_description', description)
         FROM activity_events WHERE org = $2 AND at >= $3 ORDER BY at, id
       ON CONFLICT (destination, key) DO NOTHING RETURNING 1)
     SELECT count(*)::int AS n FROM queued`,
    [destination, org, since],
  );
  return rows[0]?.n ?? 0;
}

export interface QueuedRecord {
  id: number;
  key: string;
  kind: SiemKind;
  at: string;
  /** The body as JSON text (siemDocumentJson() completes it). */
  json: string;
  attempts: number;
  ackId: number | null;
  sentAt: Date | null;
}

export type DestinationState = SiemDestinationState;

type RecordRow = {
  id: number | string;
  key: string;
  kind: SiemKind;
  at: Date;
  json: string;
  attempts: number;
  ack_id: number | string | null;
  sent_at: Date | null;
};

const toRecord = (r: RecordRow): QueuedRecord => ({
  id: Number(r.id),
  key: r.key,
  kind: r.kind,
  at: r.at.toISOString(),
  json: r.json,
  attempts: r.attempts,
  ackId: r.ack_id === null ? null : Number(r.ack_id),
  sentAt: r.sent_at,
});

const RECORD_COLUMNS = 'id, key, kind, at, body::text AS json, attempts, ack_id, sent_at';

export function createSiemRepo(db: Queryable) {
  return {
    /**
     * At start: the configured destinations (a restart retries a paused one: its settings may be fixed),
     * the others left unconfigured (nothing more is queued for them). Returns the names that are new.
     */
    async register(names: string[], now: Date): Promise<string[]> {
      await db.query('UPDATE siem_destinations SET configured = false WHERE NOT (name = ANY($1::text[]))', [
        names,
      ]);
      const created: string[] = [];
      for (const name of names) {
        const [row] = await db.query<{ created: boolean }>(
          `INSERT INTO siem_destinations (name, created_at) VALUES ($1, $2)
           ON CONFLICT (name) DO UPDATE SET configured = true, state = 'active', paused_reason = NULL,
             next_at = NULL, failures = 0
           RETURNING (xmax = 0) AS created`,
          [name, now],
        );
        if (row?.created) created.push(name);
      }
      return created;
    },

    async get(name: string): Promise<Pick<DestinationState, 'state' | 'nextAt'> | null> {
      const [row] = await db.query<{ state: 'active' | 'paused'; next_at: Date | null }>(
        'SELECT state, next_at FROM siem_destinations WHERE name = $1 AND configured',
        [name],
      );
      return row ? { state: row.state, nextAt: row.next_at } : null;
    },

    /** The configured destinations with their queue counts, for `/insights siem` and `/insights status`. */
    async states(): Promise<DestinationState[]> {
      const rows = await db.query<{
        name: string;
        state: 'active' | 'paused';
        paused_reason: string | null;
        next_at: Date | null;
        failures: number;
        sent_total: number;
        last_success_at: Date | null;
        last_error: string | null;
        last_error_at: Date | null;
        queued: number;
        awaiting_ack: number;
        dead: number;
        dead_key: string | null;
        dead_error: string | null;
      }>(
        `SELECT d.*,
           (SELECT count(*) FROM siem_outbox o WHERE o.destination = d.name AND o.state = 'pending')::int AS queued,
           (SELECT count(*) FROM siem_outbox o WHERE o.destination = d.name AND o.state = 'acking')::int AS awaiting_ack,
           (SELECT count(*) FROM siem_outbox o WHERE o.destination = d.name AND o.state = 'dead')::int AS dead,
           x.key AS dead_key, x.error AS dead_error
         FROM siem_destinations d
         LEFT JOIN LATERAL (SELECT key, error FROM siem_outbox o WHERE o.destination = d.name AND o.state = 'dead'
                            ORDER BY id DESC LIMIT 1) x ON true
         WHERE d.configured ORDER BY d.name`,
      );
      return rows.map((r) => ({
        name: r.name,
        state: r.state,
        pausedReason: r.paused_reason,
        nextAt: r.next_at,
        failures: r.failures,
        sentTotal: Number(r.sent_total),
        lastSuccessAt: r.last_success_at,
        lastError: r.last_error,
        lastErrorAt: r.last_error_at,
        queued: r.queued,
        awaitingAck: r.awaiting_ack,
        dead: r.dead,
        lastDead: r.dead_key ? { key: r.dead_key, error: r.dead_error ?? 'unknown' } : null,
      }));
    },

    /** The next records to send, oldest first. */
    async pending(name: string, limit: number): Promise<QueuedRecord[]> {
      const rows = await db.query<RecordRow>(
        `SELECT ${RECORD_COLUMNS} FROM siem_outbox WHERE destination = $1 AND state = 'pending'
          ORDER BY id LIMIT $2`,
        [name, limit],
      );
      return rows.map(toRecord);
    },

    /** Records sent and waiting for the destination to confirm them (Splunk indexer acknowledgment). */
    async awaitingAck(name: string): Promise<QueuedRecord[]> {
      const rows = await db.query<RecordRow>(
        `SELECT ${RECORD_COLUMNS} FROM siem_outbox WHERE destination = $1 AND state = 'acking' ORDER BY id`,
        [name],
      );
      return rows.map(toRecord);
    },

    /** The destination has them: deleted, and counted as sent. */
    async delivered(name: string, ids: number[], now: Date): Promise<void> {
      if (ids.length === 0) return;
      const rows = await db.query(
        'DELETE FROM siem_outbox WHERE destination = $1 AND id = ANY($2::bigint[]) RETURNING id',
        [name, ids],
      );
      await db.query(
        `UPDATE siem_destinations SET sent_total = sent_total + $2, last_success_at = $3, failures = 0, next_at = NULL
          WHERE name = $1`,
        [name, rows.length, now],
      );
    },

    /** Sent, not yet confirmed: kept until the acknowledgment (or resent when it never comes). */
    async sentForAck(name: string, ids: number[], ackId: number, now: Date): Promise<void> {
      await db.query(
        `UPDATE siem_outbox SET state = 'acking', ack_id = $3, sent_at = $4, attempts = attempts + 1
          WHERE destination = $1 AND id = ANY($2::bigint[])`,
        [name, ids, ackId, now],
      );
      await db.query('UPDATE siem_destinations SET failures = 0, next_at = NULL WHERE name = $1', [name]);
    },

    /** Back to the queue (an acknowledgment that never turned true): sent again, in order. */
    async requeue(name: string, ids: number[], reason: string): Promise<void> {
      await db.query(
        `UPDATE siem_outbox SET state = 'pending', ack_id = NULL, sent_at = NULL, error = $3
          WHERE destination = $1 AND id = ANY($2::bigint[])`,
        [name, ids, reason],
      );
    },

    /** A record the destination refuses for good (bad data, too large): kept aside, the rest go on. */
    async dead(name: string, id: number, error: string): Promise<void> {
      await db.query(
        `UPDATE siem_outbox SET state = 'dead', error = $3, attempts = attempts + 1 WHERE destination = $1 AND id = $2`,
        [name, id, error],
      );
    },

    /** A failed try that may work later: nothing is sent before `until`. Returns the failure count. */
    async backoff(name: string, until: Date, error: string, now: Date): Promise<void> {
      await db.query(
        `UPDATE siem_destinations SET failures = failures + 1, next_at = $2, last_error = $3, last_error_at = $4
          WHERE name = $1`,
        [name, until, error, now],
      );
    },

    async failures(name: string): Promise<number> {
      const [row] = await db.query<{ failures: number }>(
        'SELECT failures FROM siem_destinations WHERE name = $1',
        [name],
      );
      return row?.failures ?? 0;
    },

    /** A permanent error (bad token, bad index, 410): nothing is sent until a restart or a resume. */
    async pause(name: string, reason: string, now: Date): Promise<void> {
      await db.query(
        `UPDATE siem_destinations SET state = 'paused', paused_reason = $2, last_error = $2, last_error_at = $3
          WHERE name = $1`,
        [name, reason, now],
      );
    },

    /** Fresh planner statistics after a backfill (a just-filled table looks empty to the planner). */
    async analyze(): Promise<void> {
      await db.query('ANALYZE siem_outbox');
    },

    /** False when no such configured destination is paused. */
    async resume(name: string): Promise<boolean> {
      const rows = await db.query(
        `UPDATE siem_destinations SET state = 'active', paused_reason = NULL, next_at = NULL, failures = 0
          WHERE name = $1 AND configured AND state = 'paused' RETURNING name`,
        [name],
      );
      return rows.length > 0;
    },
  };
}

export type SiemRepo = ReturnType<typeof createSiemRepo>;
