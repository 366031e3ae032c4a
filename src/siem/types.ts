import type { SiemKind } from '../domain/siem-records.js';

export type DestinationName = 'splunk' | 'sentinel' | 'webhook';

/** One queued record on its way out: `json` is the document the destination receives (siemDocument()). */
export interface OutgoingRecord {
  key: string;
  kind: SiemKind;
  at: string;
  json: string;
}

/**
 * What a destination said about a batch:
 * - `delivered`: it has all of them;
 * - `awaiting-ack`: taken, to be confirmed later (Splunk indexer acknowledgment);
 * - `partial`: the first `delivered` were taken, record `dead` is refused for good, the rest go again;
 * - `retry`: nothing taken, try again later (5xx, 429, network), after `retryAfterMs` if it said;
 * - `pause`: a permanent error (bad token, bad index, 410): stop until fixed.
 */
export type SendOutcome =
  | { kind: 'delivered' }
  | { kind: 'awaiting-ack'; ackId: number }
  | { kind: 'partial'; delivered: number; dead: string }
  | { kind: 'retry'; error: string; retryAfterMs?: number }
  | { kind: 'pause'; error: string };

export interface SiemSender {
  readonly name: DestinationName;
  /** How `/insights siem` and the logs name it. */
  readonly label: string;
  /** Per request: at most this many records and bytes. */
  readonly limits: { records: number; bytes: number };
  /** The bytes a record adds to a request body. */
  size(record: OutgoingRecord): number;
  send(batch: OutgoingRecord[]): Promise<SendOutcome>;
  /** With acknowledgment: which of `ackIds` are confirmed now, or why the question failed. */
  checkAcks?(ackIds: number[]): Promise<Set<number> | Extract<SendOutcome, { kind: 'retry' | 'pause' }>>;
}
