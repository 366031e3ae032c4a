/**
 * SIEM forwarding, delivered like a log shipper: records wait in a persisted outbox per destination
 * (written in the same transaction as what they forward, src/store/siem-repo.ts); each destination is
 * sent by one process at a time (an advisory lock, so replicas never send a record twice at once), in
 * order, in batches within its limits. 5xx, 429 and network errors back off exponentially with jitter
 * (or as `Retry-After` says); permanent errors pause that destination only, until a restart or
 * `/insights siem resume <name>`. Slack delivery and the other destinations never wait for it.
 */
import { auditRecord, siemDocumentJson } from '../domain/siem-records.js';
import type { SiemDestinationView } from '../domain/siem-status.js';
import type { Logger } from '../logger.js';
import type { DestinationName, OutgoingRecord, SendOutcome, SiemSender } from '../siem/index.js';
import { createAuditLog } from '../store/audit-repo.js';
import type { Db, Queryable } from '../store/db.js';
import {
  backfillActivity,
  createSiemRepo,
  enqueueSiem,
  type QueuedRecord,
  type SiemRepo,
} from '../store/siem-repo.js';

export type { SiemDestinationView } from '../domain/siem-status.js';

export type ResumeOutcome = 'resumed' | 'not-paused' | 'unknown';

export interface Siem {
  /** Whether any destination is configured. */
  readonly configured: boolean;
  /** At start: registers the configured destinations; a new one gets SIEM_BACKFILL_DAYS of history. */
  start(now: Date): Promise<void>;
  /** Sends what is due now to every destination (the worker calls it; tests call it with their clock). */
  runOnce(now: Date): Promise<void>;
  states(): Promise<SiemDestinationView[]>;
  /** `/insights siem resume <name>` (admin-only, checked by the caller): audited. */
  resume(name: string, actor: string, now: Date): Promise<ResumeOutcome>;
  /** The background worker: `runOnce` every `pollMs` until stopped. */
  startWorker(): () => Promise<void>;
}

export interface SiemDeps {
  db: Db;
  org: string;
  senders: SiemSender[];
  backfillDays: number;
  logger: Logger;
  now: () => Date;
  /** Jitter source in [0, 1). */
  random?: () => number;
  pollMs?: number;
  /** An acknowledgment still false this long after the send: the batch is sent again. */
  ackTimeoutMs?: number;
}

/** Backoff: 1 s doubling to 5 minutes, each wait between half and all of it (jitter). */
const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 5 * 60_000;
/** Splunk suggests polling acks every 10 s for up to about five minutes, then resending. */
const ACK_POLL_MS = 10_000;
const ACK_TIMEOUT_MS = 5 * 60_000;
/** Batches per destination per pass: other destinations and the next poll get their turn. */
const BATCHES_PER_PASS = 20;

export function createSiem(deps: SiemDeps): Siem {
  const random = deps.random ?? Math.random;
  const byName = new Map(deps.senders.map((s) => [s.name, s]));
  const outgoing = (r: QueuedRecord): OutgoingRecord => ({
    key: r.key,
    kind: r.kind,
    at: r.at,
    json: siemDocumentJson(deps.org, r),
  });
  const log = (sender: SiemSender) => deps.logger.child({ destination: sender.name });

  async function backoff(
    repo: SiemRepo,
    s: SiemSender,
    o: { error: string; retryAfterMs?: number },
    now: Date,
  ) {
    const failures = await repo.failures(s.name);
    const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** failures);
    const wait = o.retryAfterMs ?? Math.round(exp * (0.5 + random() / 2));
    await repo.backoff(s.name, new Date(now.getTime() + wait), o.error, now);
    log(s).warn({ error: o.error, retryInMs: wait }, 'SIEM destination failed; retrying later');
  }

  async function pause(repo: SiemRepo, s: SiemSender, error: string, now: Date) {
    await repo.pause(s.name, error, now);
    log(s).error(
      { error },
      `SIEM destination ${s.label} paused; fix it, then /insights siem resume ${s.name}`,
    );
  }

  /** Acknowledgments first: confirmed batches are done, long-unconfirmed ones go back to the queue. */
  const lastAckPoll = new Map<string, number>();
  async function checkAcks(s: SiemSender, repo: SiemRepo, now: Date): Promise<boolean> {
    if (!s.checkAcks) return true;
    // Splunk suggests asking every 10 s; the passes in between only send.
    if (now.getTime() - (lastAckPoll.get(s.name) ?? 0) < ACK_POLL_MS) return true;
    lastAckPoll.set(s.name, now.getTime());
    const waiting = await repo.awaitingAck(s.name);
    if (waiting.length === 0) return true;
    const byAck = new Map<number, QueuedRecord[]>();
    for (const r of waiting) {
      const group = byAck.get(r.ackId ?? -1);
      if (group) group.push(r);
      else byAck.set(r.ackId ?? -1, [r]);
    }
    const answer = await s.checkAcks([...byAck.keys()]);
    if (!(answer instanceof Set)) {
      if (answer.kind === 'pause') await pause(repo, s, answer.error, now);
      else await backoff(repo, s, answer, now);
      return false;
    }
    const timeout = deps.ackTimeoutMs ?? ACK_TIMEOUT_MS;
    for (const [ackId, records] of byAck) {
      const ids = records.map((r) => r.id);
      if (answer.has(ackId)) await repo.delivered(s.name, ids, now);
      else if (now.getTime() - (records[0]?.sentAt?.getTime() ?? 0) >= timeout) {
        await repo.requeue(
          s.name,
          ids,
          `HEC ack ${ackId} not confirmed after ${Math.round(timeout / 1000)} s`,
        );
        log(s).warn({ ackId, records: ids.length }, 'HEC acknowledgment never came; sending the batch again');
      }
    }
    return true;
  }

  /**
   * Up to BATCHES_PER_PASS batches; stops at the first failure (the destination's order is kept).
   * True when it stopped at the cap with records left: the worker goes on at once.
   */
  async function sendBatches(s: SiemSender, repo: SiemRepo, now: Date): Promise<boolean> {
    for (let n = 0; n < BATCHES_PER_PASS; n++) {
      const rows = await repo.pending(s.name, s.limits.records);
      if (rows.length === 0) return false;
      const batch: Array<{ row: QueuedRecord; record: OutgoingRecord }> = [];
      let bytes = 0;
      for (const row of rows) {
        const record = outgoing(row);
        const size = s.size(record);
        if (size > s.limits.bytes) {
          if (batch.length > 0) break;
          await repo.dead(
            s.name,
            row.id,
            `the record is ${size} bytes, over the destination's ${s.limits.bytes}`,
          );
          continue;
        }
        if (bytes + size > s.limits.bytes) break;
        bytes += size;
        batch.push({ row, record });
      }
      if (batch.length === 0) continue;
      const ids = batch.map((b) => b.row.id);
      const outcome: SendOutcome = await s.send(batch.map((b) => b.record));
      if (outcome.kind === 'delivered') await repo.delivered(s.name, ids, now);
      else if (outcome.kind === 'awaiting-ack') await repo.sentForAck(s.name, ids, outcome.ackId, now);
      else if (outcome.kind === 'partial') {
        await repo.delivered(s.name, ids.slice(0, outcome.delivered), now);
        const dead = batch[outcome.delivered]?.row;
        if (dead) {
          await repo.dead(s.name, dead.id, outcome.dead);
          log(s).warn({ key: dead.key, error: outcome.dead }, 'SIEM destination refused a record; set aside');
        }
      } else if (outcome.kind === 'retry') {
        await backoff(repo, s, outcome, now);
        return false;
      } else {
        await pause(repo, s, outcome.error, now);
        return false;
      }
    }
    return true;
  }

  /** One destination's turn, under its lock (another process holding it: nothing to do here). */
  async function pass(s: SiemSender, now: Date): Promise<boolean> {
    // Every statement of the pass on the lock's own connection: one database backend per destination.
    const more = await deps.db.withLock(`siem:${s.name}`, async (locked) => {
      const repo = createSiemRepo(locked);
      const state = await repo.get(s.name);
      if (!state || state.state === 'paused' || (state.nextAt && state.nextAt > now)) return false;
      return (await checkAcks(s, repo, now)) && (await sendBatches(s, repo, now));
    });
    return more === true;
  }

  async function runOnce(now: Date): Promise<void> {
    // Each destination on its own: one that hangs or fails never holds the others back.
    const results = await Promise.allSettled(deps.senders.map((s) => pass(s, now)));
    for (const [i, r] of results.entries()) {
      if (r.status === 'rejected') {
        deps.logger.error({ err: r.reason, destination: deps.senders[i]?.name }, 'SIEM pass failed');
      }
    }
  }

  return {
    configured: deps.senders.length > 0,
    runOnce,
    async start(now) {
      const backfilled = await deps.db.transaction(async (tx) => {
        const created = await createSiemRepo(tx).register(
          deps.senders.map((s) => s.name),
          now,
        );
        let total = 0;
        for (const name of deps.backfillDays > 0 ? created : []) {
          const n = await backfill(tx, deps.org, name, deps.backfillDays, now);
          deps.logger.info(
            { destination: name, records: n, days: deps.backfillDays },
            'SIEM backfill queued',
          );
          total += n;
        }
        return total;
      });
      // A large backfill changes the outbox's size by orders of magnitude: let the planner know.
      if (backfilled > 1000) await createSiemRepo(deps.db).analyze();
    },
    async states() {
      return (await createSiemRepo(deps.db).states())
        .filter((d) => byName.has(d.name as DestinationName))
        .map((d) => ({ ...d, label: byName.get(d.name as DestinationName)?.label ?? d.name }));
    },
    async resume(name, actor, now) {
      if (!byName.has(name as DestinationName)) return 'unknown';
      return deps.db.transaction(async (tx) => {
        if (!(await createSiemRepo(tx).resume(name))) return 'not-paused';
        await createAuditLog(tx).record({ at: now, actor, action: 'siem.resume', target: name });
        return 'resumed';
      });
    },
    startWorker() {
      // One loop per destination: a slow or hung one never delays another's next pass.
      let stopped = false;
      const sleeping = new Set<() => void>();
      const nap = (ms: number) =>
        new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            sleeping.delete(done);
            resolve();
          };
          const timer = setTimeout(done, ms);
          sleeping.add(done);
        });
      const loops = deps.senders.map(async (s) => {
        while (!stopped) {
          const more = await pass(s, deps.now()).catch((err: unknown) => {
            log(s).error({ err }, 'SIEM pass failed');
            return false;
          });
          if (!stopped && !more) await nap(deps.pollMs ?? 1000);
        }
      });
      return async () => {
        stopped = true;
        for (const wake of [...sleeping]) wake();
        await Promise.all(loops);
      };
    },
  };
}

/** Stored history since `days` ago for one new destination: the activity log, then the audit trail. */
async function backfill(tx: Queryable, org: string, destination: string, days: number, now: Date) {
  const from = new Date(now.getTime() - days * 86_400_000);
  // The activity log in one statement (100,000 events in about a second); the audit trail is small.
  let n = await backfillActivity(tx, destination, org, from);
  for await (const page of createAuditLog(tx).since(from, 5000)) {
    await enqueueSiem(
      tx,
      page.map((e) => auditRecord(e.id, e)),
      destination,
    );
    n += page.length;
  }
  return n;
}
