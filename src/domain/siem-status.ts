/** A SIEM destination's state, as `/insights siem` and `/insights status` show it. */
export interface SiemDestinationState {
  /** `splunk`, `sentinel` or `webhook`: what `/insights siem resume <name>` takes. */
  name: string;
  state: 'active' | 'paused';
  pausedReason: string | null;
  /** Backing off: nothing is sent before then. */
  nextAt: Date | null;
  failures: number;
  sentTotal: number;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  /** Waiting to be sent. */
  queued: number;
  /** Sent, waiting for the destination's acknowledgment (Splunk indexer acknowledgment). */
  awaitingAck: number;
  /** Refused for good by the destination (dead letters), kept for inspection. */
  dead: number;
  /** The newest dead-lettered record's key and reason, if any. */
  lastDead: { key: string; error: string } | null;
}

export interface SiemDestinationView extends SiemDestinationState {
  /** `Splunk HEC`, `Microsoft Sentinel`, `Signed webhook`. */
  label: string;
}
