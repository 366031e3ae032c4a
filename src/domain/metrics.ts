/**
 * What the bot tells its `/metrics` endpoint (src/metrics/), as plain types: the layers that do the work
 * record through `MetricsRecorder` (passed in, `NO_METRICS` when METRICS_PORT is off), and the figures
 * that live in the database are read at scrape time as one `OperationsSnapshot`. No label carries an
 * email, a token or a user name: labels are subcommand, chart, source, rule, severity and destination
 * names from fixed tables, and outcome words.
 */

/** How a slash command ended: it ran, its words were refused (help or typo answer), or it threw. */
export type CommandOutcome = 'ok' | 'invalid' | 'error';
/** What happened to one attempt of a queued Slack post. */
export type PostOutcome = 'delivered' | 'retried' | 'failed';

export interface MetricsRecorder {
  /** A slash command answered: its subcommand (`unknown` for a typo), outcome and acknowledgement time. */
  command(subcommand: string, outcome: CommandOutcome, ackSeconds: number): void;
  /** A command's post (chart, export) reached the channel this long after the command arrived. */
  commandToPost(subcommand: string, seconds: number): void;
  /** One render on the worker pool: the chart's name (or `digest`), whether it worked, how long. */
  render(chart: string, ok: boolean, seconds: number): void;
  /** One attempt of the delivery queue; `kind` is the post's purpose (`postKind`). */
  post(kind: string, outcome: PostOutcome): void;
  /** One sync of a Docker source. */
  sync(source: string, ok: boolean): void;
  /** Alerts opened by an evaluation, by rule and severity. */
  alertOpened(rule: string, severity: string): void;
}

export const NO_METRICS: MetricsRecorder = {
  command() {},
  commandToPost() {},
  render() {},
  post() {},
  sync() {},
  alertOpened() {},
};

/**
 * A delivery's purpose from its idempotency key (`digest:…`, `hub:…`, alert messages `alerts:…` and their
 * updates and thread notes): a small fixed set of words, never the channel or the text.
 */
export function postKind(key: string): 'digest' | 'alert' | 'hub' | 'other' {
  const prefix = key.slice(0, key.indexOf(':'));
  if (prefix === 'digest') return 'digest';
  if (prefix === 'hub') return 'hub';
  if (prefix === 'alerts' || prefix === 'alert') return 'alert';
  return 'other';
}

/** The figures `/metrics` reads from the database at scrape time (cheap SQL, src/store/metrics-repo.ts). */
export interface OperationsSnapshot {
  /** Posts waiting in the delivery queue (pending or being sent) and when the oldest was queued. */
  delivery: { backlog: number; oldestDueAt: Date | null };
  /** Per Docker source: its last success and error, and the newest data day it brought. */
  sources: Array<{
    source: string;
    lastSuccessAt: Date | null;
    lastErrorAt: Date | null;
    dataAsOf: string | null;
  }>;
  /** Open alerts, counted by rule and severity. */
  openAlerts: Array<{ rule: string; severity: string; count: number }>;
  /** Per configured SIEM destination. */
  siem: Array<{ destination: string; queued: number; dead: number; lastSuccessAt: Date | null }>;
  /**
   * Docker seats from the latest seat snapshot (members + pending invites; purchased is DOCKER_SEATS, null
   * when not set); null before the first snapshot. src/metrics/gauges.ts exposes them when present.
   */
  seats?: { used: number; purchased: number | null } | null;
}

/** Seconds from the end of data day `day` (`YYYY-MM-DD`, UTC) to `now`: 0–24 h means "as of yesterday". */
export function dataAgeSeconds(day: string, now: Date): number {
  const end = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
  return Math.max(0, Math.round((now.getTime() - end) / 1000));
}
