/**
 * SQL of the delivery queue's health (tables of migration 003): its backlog, for `/insights status` and
 * `/healthz`, and the start-up check that no pacing, lease or retry time lies impossibly far ahead.
 */
import type { DeliveryBacklog } from '../domain/delivery.js';
import type { Db, Queryable } from './db.js';
import { OPEN } from './delivery-repo.js';

/** The open posts: how many, and the oldest that is due by `now` (for status and /healthz). */
export async function backlog(q: Queryable, now: Date): Promise<DeliveryBacklog> {
  const [row] = await q.query<{ pending: number; oldest: Date | null; error: string | null }>(
    `SELECT count(*)::int AS pending, min(due_at) FILTER (WHERE due_at <= $1) AS oldest,
            (SELECT last_error FROM delivery_queue WHERE ${OPEN} AND due_at <= $1 ORDER BY due_at, id LIMIT 1) AS error
       FROM delivery_queue WHERE ${OPEN}`,
    [now],
  );
  return {
    pending: Number(row?.pending ?? 0),
    oldestDueAt: row?.oldest ? new Date(row.oldest) : null,
    lastError: row?.error ?? null,
  };
}

/**
 * Brings back times that lie further ahead than this queue ever sets them: a channel's pacing slot
 * more than one interval away; for a post already tried, a due time after now, a retry more than
 * `retryMs` away, a lease more than two lease lengths away. Such times were written by a clock that ran
 * ahead (the sandbox's "advance a data day", before the queue kept to the wall clock); left alone, every
 * post to the channel would wait that long. A post never tried keeps its due time (it may be asked for
 * later on purpose). Returns how many rows changed.
 */
export async function clampFuture(
  db: Db,
  o: { now: Date; intervalMs: number; leaseMs: number; retryMs: number },
): Promise<number> {
  const at = (ms: number) => new Date(o.now.getTime() + ms);
  return db.transaction(async (tx) => {
    const channels = await tx.query(
      'UPDATE delivery_channels SET next_at = $1 WHERE next_at > $1 RETURNING channel',
      [at(o.intervalMs)],
    );
    const RETRY_AHEAD = '(not_before > $2)';
    const LEASE_AHEAD = `(state = 'sending' AND lease_until > $3)`;
    const items = await tx.query(
      `UPDATE delivery_queue
          SET due_at = LEAST(due_at, $1),
              not_before = CASE WHEN ${RETRY_AHEAD} THEN $1 ELSE not_before END,
              lease_until = CASE WHEN ${LEASE_AHEAD} THEN $1 ELSE lease_until END
        WHERE ${OPEN} AND attempts > 0 AND (due_at > $1 OR ${RETRY_AHEAD} OR ${LEASE_AHEAD})
        RETURNING id`,
      [o.now, at(o.retryMs), at(2 * o.leaseMs)],
    );
    return channels.length + items.length;
  });
}

/** Hides the given-up posts to `channel` whose key starts with `keyPrefix` from the failures list. */
export async function dismissFailures(
  q: Queryable,
  channel: string,
  keyPrefix: string,
  at: Date,
): Promise<number> {
  const rows = await q.query(
    `UPDATE delivery_queue SET dismissed_at = $3
      WHERE state = 'failed' AND dismissed_at IS NULL AND channel = $1 AND starts_with(key, $2) RETURNING id`,
    [channel, keyPrefix, at],
  );
  return rows.length;
}
