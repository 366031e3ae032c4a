/**
 * SQL of the delivery queue (table `delivery_queue`, migration 003). The same statements run on the
 * PostgreSQL server and the embedded one. Only the head of each channel (lowest open id) can be
 * claimed, so a channel's posts go out in enqueue order; `FOR UPDATE SKIP LOCKED` plus a lease keeps
 * replicas off each other's items, and the `delivery_channels` upsert (re-checked under its row lock)
 * paces each channel.
 */
import type { Delivery } from '../domain/delivery.js';
import { InsightsError } from '../errors.js';
import type { Db, Queryable } from './db.js';

export interface ClaimedItem {
  id: number;
  key: string;
  channel: string;
  delivery: Delivery;
  attempts: number;
  dependsOn: string | null;
  /** Set when an earlier attempt may have reached Slack: when that attempt started. */
  checkSince: Date | null;
}

export interface ClaimOptions {
  now: Date;
  /** Only items due by then (drain: its start); null = any due item (the worker). */
  horizon: Date | null;
  /** Channels this process is sending to right now. */
  busy: string[];
  limit: number;
  owner: string;
  leaseMs: number;
  intervalMs: number;
}

/** A post not yet sent or given up. */
export const OPEN = `state IN ('pending', 'sending')`;
const HEADS = `SELECT DISTINCT ON (channel) id FROM delivery_queue WHERE ${OPEN} ORDER BY channel, id`;
/** Items whose update target / thread parent is still open wait for it. */
const DEP_DONE = `(q.depends_on IS NULL OR NOT EXISTS (
  SELECT 1 FROM delivery_queue d WHERE d.key = q.depends_on AND d.${OPEN}))`;
const NOT_BUSY = `NOT (q.channel IN (SELECT jsonb_array_elements_text($3::jsonb)))`;
const IN_HORIZON = `($2::timestamptz IS NULL OR q.due_at <= $2::timestamptz)`;

type CandidateRow = {
  id: number | string;
  key: string;
  channel: string;
  payload: Record<string, unknown>;
  bytes: Uint8Array | null;
  depends_on: string | null;
  state: string;
  uncertain: boolean;
  attempts: number;
  sent_since: Date | null;
  attempt_at: Date | null;
};

/** Claims up to `limit` due channel heads: marks them `sending` under this owner's lease. */
export async function claim(db: Db, o: ClaimOptions): Promise<ClaimedItem[]> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<CandidateRow>(
      `SELECT q.id, q.key, q.channel, q.payload, q.bytes, q.depends_on, q.state, q.uncertain, q.attempts,
              q.sent_since, q.attempt_at
         FROM delivery_queue q
        WHERE q.id IN (${HEADS}) AND q.${OPEN}
          AND q.not_before <= $1 AND ${IN_HORIZON}
          AND (q.lease_until IS NULL OR q.lease_until <= $1)
          AND NOT EXISTS (SELECT 1 FROM delivery_channels c WHERE c.channel = q.channel AND c.next_at > $1)
          AND ${DEP_DONE} AND ${NOT_BUSY}
        ORDER BY q.id
        LIMIT $4
        FOR UPDATE OF q SKIP LOCKED`,
      [o.now, o.horizon, JSON.stringify(o.busy), o.limit],
    );
    const claimed: ClaimedItem[] = [];
    for (const row of rows) {
      if (!(await takeSlot(tx, row.channel, o))) continue;
      await tx.query(
        `UPDATE delivery_queue
            SET state = 'sending', attempts = attempts + 1, attempt_at = $2, lease_owner = $3, lease_until = $4,
                sent_since = CASE WHEN (state = 'sending' OR uncertain) AND sent_since IS NOT NULL
                                  THEN sent_since ELSE $2 END
          WHERE id = $1`,
        [row.id, o.now, o.owner, new Date(o.now.getTime() + o.leaseMs)],
      );
      // `sending` left behind (a worker died mid-call) or `uncertain` (5xx, network): outcome unknown.
      const unknown = row.state === 'sending' || row.uncertain;
      const bytes = row.bytes
        ? Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength)
        : null;
      claimed.push({
        id: Number(row.id),
        key: row.key,
        channel: row.channel,
        delivery: (bytes ? { ...row.payload, bytes } : row.payload) as Delivery,
        attempts: row.attempts + 1,
        dependsOn: row.depends_on,
        checkSince: unknown ? (row.sent_since ?? row.attempt_at ?? o.now) : null,
      });
    }
    return claimed;
  });
}

/** Reserves the channel's next send slot; false when another send to it was less than an interval ago. */
async function takeSlot(tx: Queryable, channel: string, o: ClaimOptions): Promise<boolean> {
  // On schedule (the slot opened less than half an interval ago): the next slot is one interval after
  // this one, so a busy channel keeps exactly its rate instead of slipping by each send's delay.
  // After a pause: one interval from now.
  const rows = await tx.query(
    `INSERT INTO delivery_channels (channel, next_at) VALUES ($1, $2)
     ON CONFLICT (channel) DO UPDATE SET next_at =
       CASE WHEN delivery_channels.next_at > $3::timestamptz - $4 * interval '1 millisecond'
            THEN delivery_channels.next_at + $5 * interval '1 millisecond'
            ELSE EXCLUDED.next_at END
     WHERE delivery_channels.next_at <= $3
     RETURNING channel`,
    [channel, new Date(o.now.getTime() + o.intervalMs), o.now, o.intervalMs / 2, o.intervalMs],
  );
  return rows.length > 0;
}

/**
 * When the next channel head becomes claimable (retry time, pacing, or, with `leased`, another
 * worker's lease running out); null when none will without something else finishing first.
 */
export async function nextWake(
  db: Db,
  o: { now: Date; horizon: Date | null; busy: string[]; leased: boolean },
): Promise<Date | null> {
  const [row] = await db.query<{ wake: Date | null }>(
    `SELECT min(GREATEST(q.not_before, q.lease_until, c.next_at)) AS wake
       FROM delivery_queue q LEFT JOIN delivery_channels c ON c.channel = q.channel
      WHERE q.id IN (${HEADS}) AND q.${OPEN} AND ${IN_HORIZON} AND ${DEP_DONE} AND ${NOT_BUSY}
        AND ($4::boolean OR q.lease_until IS NULL OR q.lease_until <= $1)`,
    [o.now, o.horizon, JSON.stringify(o.busy), o.leased],
  );
  return row?.wake ? new Date(row.wake) : null;
}

const MINE = `WHERE id = $1 AND lease_owner = $2 AND state = 'sending'`;
const RELEASE = 'lease_owner = NULL, lease_until = NULL';

/** Records a send; false when this worker had lost the lease (another one took the item over). */
export async function markSent(
  db: Db,
  item: ClaimedItem,
  owner: string,
  at: Date,
  result: { ts?: string; fileId?: string; channel: string },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE delivery_queue SET state = 'sent', result_ts = $3, result_file_id = $4, result_channel = $5,
            bytes = NULL, last_error = NULL, uncertain = false, done_at = $6, ${RELEASE} ${MINE} RETURNING id`,
    [item.id, owner, result.ts ?? null, result.fileId ?? null, result.channel, at],
  );
  return rows.length > 0;
}

export async function markFailed(db: Db, item: ClaimedItem, owner: string, at: Date, error: string) {
  const rows = await db.query(
    `UPDATE delivery_queue SET state = 'failed', last_error = $3, done_at = $4, ${RELEASE} ${MINE} RETURNING id`,
    [item.id, owner, error, at],
  );
  return rows.length > 0;
}

export async function markRetry(
  db: Db,
  item: ClaimedItem,
  owner: string,
  retry: { at: Date; uncertain: boolean; error: string },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE delivery_queue SET state = 'pending', not_before = $3, uncertain = $4, last_error = $5, ${RELEASE}
      ${MINE} RETURNING id`,
    [item.id, owner, retry.at, retry.uncertain, retry.error],
  );
  return rows.length > 0;
}

/** Inserts unless the key exists; returns whether it was stored. */
export async function insert(
  q: Queryable,
  key: string,
  delivery: Delivery,
  now: Date,
  notBefore?: Date,
): Promise<boolean> {
  const dependsOn = delivery.kind === 'update' ? delivery.of : delivery.threadOf;
  // The target must be enqueued first, so it has a lower id and goes out before this one.
  if (dependsOn && (await q.query('SELECT 1 FROM delivery_queue WHERE key = $1', [dependsOn])).length === 0) {
    throw new InsightsError(
      'delivery_unknown_key',
      `delivery ${key} refers to unknown delivery ${dependsOn}`,
    );
  }
  const { bytes, ...payload } = delivery as Delivery & { bytes?: Buffer };
  const rows = await q.query(
    `INSERT INTO delivery_queue (key, channel, kind, payload, bytes, depends_on, due_at, not_before, created_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $7, $8)
     ON CONFLICT (key) DO NOTHING RETURNING id`,
    [
      key,
      delivery.channel,
      delivery.kind,
      JSON.stringify(payload),
      bytes ?? null,
      dependsOn ?? null,
      notBefore ?? now,
      now,
    ],
  );
  return rows.length > 0;
}

export async function result(
  q: Queryable,
  key: string,
): Promise<{ ts?: string; fileId?: string; channel: string } | null> {
  const [row] = await q.query<{ state: string; ts: string | null; file: string | null; channel: string }>(
    `SELECT state, result_ts AS ts, result_file_id AS file, coalesce(result_channel, channel) AS channel
       FROM delivery_queue WHERE key = $1`,
    [key],
  );
  if (row?.state !== 'sent') return null;
  return {
    ...(row.ts ? { ts: row.ts } : {}),
    ...(row.file ? { fileId: row.file } : {}),
    channel: row.channel,
  };
}

export async function failures(q: Queryable, limit: number) {
  const rows = await q.query<{ key: string; channel: string; error: string | null; at: Date }>(
    `SELECT key, channel, last_error AS error, done_at AS at FROM delivery_queue
      WHERE state = 'failed' AND dismissed_at IS NULL ORDER BY done_at DESC, id DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    key: r.key,
    channel: r.channel,
    error: r.error ?? 'unknown',
    at: new Date(r.at),
  }));
}

export async function stats(q: Queryable): Promise<{ pending: number; sent: number; failed: number }> {
  const rows = await q.query<{ state: string; n: number }>(
    'SELECT state, count(*)::int AS n FROM delivery_queue GROUP BY state',
  );
  const count = (state: string) => Number(rows.find((r) => r.state === state)?.n ?? 0);
  return { pending: count('pending') + count('sending'), sent: count('sent'), failed: count('failed') };
}

/** Which of `keys` the queue holds already (in any state). */
export async function existingKeys(q: Queryable, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await q.query<{ key: string }>('SELECT key FROM delivery_queue WHERE key = ANY($1::text[])', [
    keys,
  ]);
  return new Set(rows.map((r) => r.key));
}
