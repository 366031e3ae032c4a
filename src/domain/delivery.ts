/**
 * What the persisted delivery queue (src/app/delivery-queue.ts) sends to Slack, and the contract of the
 * transport that sends it (src/slack/delivery-transport.ts): one attempt, and what a failure means.
 */
export type Delivery =
  | { kind: 'message'; channel: string; text: string; blocks?: unknown[]; threadOf?: string }
  | { kind: 'update'; channel: string; of: string; text: string; blocks?: unknown[] }
  | {
      kind: 'upload';
      channel: string;
      filename: string;
      title: string;
      bytes: Buffer;
      altText?: string;
      blocks?: unknown[];
      threadOf?: string;
    };

export interface DeliveryAttempt {
  key: string;
  delivery: Delivery;
  /** `ts` of the message to update (update) or of the thread parent (threadOf). */
  targetTs?: string;
  /** An earlier attempt started then and may have reached Slack: look for it first. */
  checkSince: Date | null;
}

/** Where a delivery landed: the message `ts` and/or the file id. */
export interface DeliverySent {
  ts?: string;
  fileId?: string;
  channel: string;
}

export type DeliveryFailure =
  | { kind: 'rate'; retryAfterMs: number; error: string }
  | { kind: 'transient'; uncertain: boolean; error: string }
  | {
      kind: 'permanent';
      error: string;
      /** Slack refuses the channel itself (gone, archived, closed to the bot): every later post fails too. */
      channelGone?: boolean;
    };

export interface DeliveryTransport {
  /** Sends once; throws what `classify` reads. */
  attempt(a: DeliveryAttempt): Promise<DeliverySent>;
  classify(err: unknown): DeliveryFailure;
}

/** Writes a delivery to the persisted queue inside the caller's transaction (`tx` is the store's handle). */
export type Outbox<Tx> = (key: string, delivery: Delivery, tx: Tx) => Promise<boolean>;

/** The queue's open posts (pending or being sent): how many, and since when the oldest is due. */
export interface DeliveryBacklog {
  pending: number;
  /** The due time of the oldest open post that is due by now; null when none is. */
  oldestDueAt: Date | null;
  /** The last error of that post's earlier attempts, if any. */
  lastError: string | null;
}

/** What `/insights status` and `/healthz` say about the delivery queue. */
export interface DeliveryHealth {
  backlog: number;
  /** How long the oldest due post has waited; null when nothing is due. */
  oldestPendingSeconds: number | null;
  /** The oldest has waited longer than the threshold (DELIVERY_STALL_SECONDS). */
  stalled: boolean;
  lastError: string | null;
}

export function deliveryHealth(b: DeliveryBacklog, now: Date, stallMs: number): DeliveryHealth {
  const waitedMs = b.oldestDueAt ? Math.max(0, now.getTime() - b.oldestDueAt.getTime()) : null;
  return {
    backlog: b.pending,
    oldestPendingSeconds: waitedMs === null ? null : Math.round(waitedMs / 1000),
    stalled: waitedMs !== null && waitedMs > stallMs,
    lastError: b.lastError,
  };
}
