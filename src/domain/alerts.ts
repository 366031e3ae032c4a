/**
 * The alert lifecycle, as pure functions (the store and the Slack posts are at the edges):
 * a rule reports what fires now (findings); each finding is an alert known by its fingerprint
 * (rule + entity). It opens once, stays quiet while open, is re-notified after the repeat
 * interval (unless acknowledged), and resolves when its rule stops finding it. One-shot rules
 * (events such as a settings-policy change) open an informational alert per event that resolves
 * itself once notified. Silences stop notifications, never state changes.
 */

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

export const atLeast = (severity: Severity, min: Severity): boolean => RANK[severity] >= RANK[min];

/** Most severe first. */
export const bySeverity = (a: { severity: Severity }, b: { severity: Severity }): number =>
  RANK[b.severity] - RANK[a.severity];

export function parseSeverity(text: string): Severity | undefined {
  const lower = text.toLowerCase();
  return SEVERITIES.find((s) => s === lower);
}

/** What a rule finds firing right now. */
export interface Finding {
  rule: string;
  /** Who or what: `alice@acme.com`, a machine ID, an event ID. */
  entity: string;
  severity: Severity;
  /** One line: what is wrong and with whom. */
  title: string;
  /** Label → value lines shown under the title (who, machine, status, policy, version…). */
  facts: Array<[string, string]>;
  /** What to do about it. */
  advice: string;
  /** "Open in Docker": the Admin Console page to fix it. */
  link: string;
  /** When the condition began, when the data says so (an event's time); else when first seen. */
  since?: string;
}

export type AlertState = 'open' | 'resolved';

export interface Alert extends Finding {
  fingerprint: string;
  state: AlertState;
  /** Counts openings: a reopened alert is a new episode with its own notifications. */
  episode: number;
  oneShot: boolean;
  firstSeen: Date;
  lastSeen: Date;
  openedAt: Date;
  resolvedAt: Date | null;
  /** Last notification of this episode; null until the first. */
  notifiedAt: Date | null;
  ackedBy: string | null;
  ackedAt: Date | null;
}

export const fingerprintOf = (rule: string, entity: string): string => `${rule}:${entity}`;

export interface Evaluation {
  rule: string;
  findings: Finding[];
  /** Event rules: each finding is one event; absence never resolves anything. */
  oneShot?: boolean;
  /**
   * The entities these findings are the whole truth about (default: every entity of the rule). A CI
   * result for one image resolves that image's alerts only: `(entity) => entity.startsWith('acme/api:1.4 ')`.
   */
  scope?: (entity: string) => boolean;
  /**
   * Why an entity no longer fires, for its resolution note (`the latest report shows it Compliant`);
   * undefined when the data no longer has it at all (NO_LONGER_IN_DATA).
   */
  cleared?: (entity: string) => string | undefined;
}

/** The resolution note's reason when the rule cannot say more: the entity is gone from the data. */
export const NO_LONGER_IN_DATA = 'no longer in the latest data';

export interface Plan {
  /** New and changed alerts to store. */
  changed: Alert[];
  opened: Alert[];
  resolved: Alert[];
  /** Fingerprint → why it resolved (see `Evaluation.cleared`). */
  reasons: Map<string, string>;
}

/**
 * Applies one rule's findings to that rule's known alerts. `existing` must hold every stored alert of
 * `evaluation.rule` (open and resolved).
 */
export function planEvaluation(existing: Alert[], evaluation: Evaluation, now: Date): Plan {
  const known = new Map(existing.map((a) => [a.fingerprint, a]));
  const plan: Plan = { changed: [], opened: [], resolved: [], reasons: new Map() };
  const seen = new Set<string>();
  for (const finding of evaluation.findings) {
    const fingerprint = fingerprintOf(evaluation.rule, finding.entity);
    if (seen.has(fingerprint)) continue;
    seen.add(fingerprint);
    const before = known.get(fingerprint);
    if (before?.state === 'open') {
      // Still firing: quiet, but keep what it says current (a status can change from Outdated to Non-compliant).
      plan.changed.push({ ...before, ...finding, rule: evaluation.rule, lastSeen: now });
    } else if (!before?.oneShot) {
      // New, or back after resolving: a new episode, announced afresh.
      const alert: Alert = {
        ...finding,
        rule: evaluation.rule,
        fingerprint,
        state: 'open',
        episode: (before?.episode ?? 0) + 1,
        oneShot: evaluation.oneShot ?? false,
        firstSeen: before?.firstSeen ?? now,
        lastSeen: now,
        openedAt: now,
        resolvedAt: null,
        notifiedAt: null,
        ackedBy: null,
        ackedAt: null,
      };
      plan.changed.push(alert);
      plan.opened.push(alert);
    }
  }
  if (!evaluation.oneShot) {
    const inScope = evaluation.scope ?? (() => true);
    for (const alert of existing) {
      if (alert.state !== 'open' || seen.has(alert.fingerprint) || !inScope(alert.entity)) continue;
      const resolved: Alert = { ...alert, state: 'resolved', resolvedAt: now };
      plan.changed.push(resolved);
      plan.resolved.push(resolved);
      plan.reasons.set(alert.fingerprint, evaluation.cleared?.(alert.entity) ?? NO_LONGER_IN_DATA);
    }
  }
  return plan;
}

/** A silence: a rule (`drift.compliance`), a rule family (`drift`) or one alert's fingerprint. */
export interface Silence {
  id: number;
  matcher: string;
  from: Date;
  until: Date;
}

export function silenceMatches(matcher: string, alert: Pick<Alert, 'rule' | 'fingerprint'>): boolean {
  return matcher === alert.fingerprint || matcher === alert.rule || alert.rule.startsWith(`${matcher}.`);
}

/** The silences that cover an alert: until when it is silenced now, and when its latest silence ended. */
export function silenceState(
  alert: Pick<Alert, 'rule' | 'fingerprint'>,
  silences: Silence[],
  now: Date,
): { silencedUntil: Date | null; lastEnded: Date | null } {
  let silencedUntil: Date | null = null;
  let lastEnded: Date | null = null;
  for (const s of silences) {
    if (!silenceMatches(s.matcher, alert) || s.from > now) continue;
    if (s.until > now) {
      if (!silencedUntil || s.until > silencedUntil) silencedUntil = s.until;
    } else if (!lastEnded || s.until > lastEnded) {
      lastEnded = s.until;
    }
  }
  return { silencedUntil, lastEnded };
}

/**
 * Whether an open alert should be posted now: the first time in its episode; again once a silence that
 * began after its last post has ended, or after `repeatMs` — unless someone acknowledged it (README: an
 * acknowledged alert has an owner, so no "still open" reminder lists it).
 */
export function notificationDue(
  alert: Alert,
  silences: Silence[],
  now: Date,
  repeatMs: number,
): 'first' | 'repeat' | null {
  if (alert.state !== 'open') return null;
  const { silencedUntil, lastEnded } = silenceState(alert, silences, now);
  if (silencedUntil) return null;
  if (!alert.notifiedAt) return 'first';
  if (alert.ackedBy) return null;
  if (lastEnded && lastEnded > alert.notifiedAt) return 'repeat';
  return now.getTime() - alert.notifiedAt.getTime() >= repeatMs ? 'repeat' : null;
}

const DURATION_UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const MAX_DURATION_MS = 90 * 86_400_000;

/**
 * `30m`, `1h`, `1d`, `1w`, and compounds such as `1h30m` or `1d 12h` (each unit once, largest first), up
 * to 90 days → milliseconds; undefined when not a duration.
 */
export function parseDuration(text: string): number | undefined {
  const compact = text.trim().toLowerCase().replace(/\s+/g, '');
  if (!/^(\d{1,4}[wdhm])+$/.test(compact)) return undefined;
  let ms = 0;
  let previous = Number.POSITIVE_INFINITY;
  for (const [, amount, unit] of compact.matchAll(/(\d{1,4})([wdhm])/g)) {
    const size = DURATION_UNITS[unit ?? ''] ?? 0;
    // `30m1h` or `1h1h` is more likely a typo than a wish: each unit once, largest first.
    if (size >= previous) return undefined;
    previous = size;
    ms += Number(amount) * size;
  }
  return ms > 0 && ms <= MAX_DURATION_MS ? ms : undefined;
}

/** `1 hour`, `10 days`, `2 weeks`, `1 hour 30 minutes`, `1 day 12 hours`. */
export function describeDuration(ms: number): string {
  const units: Array<[number, string]> = [
    [604_800_000, 'week'],
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
  ];
  const parts: string[] = [];
  let rest = Math.max(60_000, Math.round(ms / 60_000) * 60_000);
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    // `10 days`, not `1 week 3 days`: weeks only when they are the whole of it.
    if (n === 0 || (name === 'week' && rest % size !== 0)) continue;
    parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
    rest -= n * size;
  }
  return parts.join(' ');
}
