import type { DeliveryHealth } from './delivery.js';

/** What `/insights status` shows: each data source's state, and hints that explain gaps. */
export interface SourceLine {
  label: string;
  configured: boolean;
  /** How to turn it on, when it is not configured. */
  setup: string;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  dataAsOf: string | null;
  detail: string;
}

export interface StatusView {
  org: string;
  demo: boolean;
  dataAsOf: string | null;
  sources: SourceLine[];
  /** Facts about the organization that explain gaps in the charts, and setup problems. */
  hints: string[];
  /** The Slack delivery queue: posts waiting, and whether they are stalled. */
  delivery?: DeliveryHealth;
  /** How many of the hints are problems (Slack posts given up, paused SIEM destinations, bad settings). */
  problems?: number;
}
