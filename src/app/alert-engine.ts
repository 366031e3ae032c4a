/**
 * The alert engine (src/domain/alerts.ts is its pure lifecycle): what the rules, the Scout ingest, Slack's
 * buttons and `/insights silence…` change alerts through. Every change and the posts it causes commit
 * together (./alert-posts.ts).
 */
import { type Alert, bySeverity, type Evaluation, type Silence, silenceMatches } from '../domain/alerts.js';
import { createAlertsRepo } from '../store/alerts-repo.js';
import { createAuditLog } from '../store/audit-repo.js';
import {
  type AlertDeps,
  type AlertRun,
  evaluateAlerts,
  forward,
  inTransaction,
  notifyAlerts,
  showEndedSilences,
  updateMessage,
} from './alert-posts.js';

export type { AlertDeps, AlertRun } from './alert-posts.js';

export interface AlertEngine {
  readonly org: string;
  /** Applies rule evaluations, then posts what is due. */
  evaluate(evaluations: Evaluation[], now: Date): Promise<AlertRun>;
  /** The scheduled tick: repeats, silences that ended, and messages that went stale meanwhile. */
  notify(now: Date): Promise<AlertRun>;
  acknowledge(fingerprint: string, user: string, now: Date): Promise<AckOutcome>;
  silence(
    matcher: string,
    durationMs: number,
    user: string,
    now: Date,
  ): Promise<{ id: number; until: Date; matched: number }>;
  unsilence(id: number, user: string, now: Date): Promise<boolean>;
  /** Open alerts, most severe first. */
  open(): Promise<Alert[]>;
  /** Active silences. */
  silences(now: Date): Promise<Array<Silence & { id: number; createdBy: string }>>;
  /**
   * Calls `listener` after each committed change of an alert's state (opened, resolved, acknowledged,
   * silenced, unsilenced) made through this engine: the Home tabs follow it. Returns the unsubscribe.
   */
  onChange(listener: () => void): () => void;
}

export function createAlertEngine(deps: AlertDeps): AlertEngine {
  const listeners = new Set<() => void>();
  /** Tells the listeners once the change has committed, when `changed(result)` says there was one. */
  const observed =
    <T>(changed: (result: T) => boolean) =>
    async (work: Promise<T>): Promise<T> => {
      const result = await work;
      if (changed(result)) {
        for (const listener of [...listeners]) {
          try {
            listener();
          } catch (err) {
            deps.logger.warn({ err }, 'an alert-change listener failed');
          }
        }
      }
      return result;
    };
  const run = observed<AlertRun>((r) => r.opened + r.resolved + r.posted > 0);
  // One clock for every transition when the deps name one (see AlertDeps.clock).
  const at = (now: Date) => deps.clock?.() ?? now;
  return {
    org: deps.org,
    evaluate: (evaluations, now) => run(evaluateAlerts(deps, evaluations, at(now))),
    notify: (now) => run(notifyAlerts(deps, at(now))),
    acknowledge: (fingerprint, user, now) =>
      observed<AckOutcome>((o) => o === 'acknowledged')(acknowledgeAlert(deps, fingerprint, user, at(now))),
    silence: (matcher, durationMs, user, now) =>
      observed<Awaited<ReturnType<AlertEngine['silence']>>>(() => true)(
        silenceAlerts(deps, matcher, durationMs, user, at(now)),
      ),
    unsilence: (id, user, now) => observed((ended: boolean) => ended)(endSilence(deps, id, user, at(now))),
    open: () => openAlerts(deps),
    silences: (now) => activeSilences(deps, at(now)),
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

export type AckOutcome = 'acknowledged' | 'already' | 'resolved' | 'unknown';

/** An admin acknowledged an alert (button): recorded, audited, and every message showing it updated. */
function acknowledgeAlert(
  deps: AlertDeps,
  fingerprint: string,
  user: string,
  now: Date,
): Promise<AckOutcome> {
  return inTransaction(deps, now, async (tx) => {
    const alert = await tx.repo.get(fingerprint);
    if (!alert) return 'unknown';
    if (alert.state !== 'open') return 'resolved';
    if (alert.ackedBy) return 'already';
    const acked = { ...alert, ackedBy: user, ackedAt: now };
    await tx.repo.save([acked]);
    await forward(tx, [acked], 'acknowledged', { by: user });
    await createAuditLog(tx.q).record({
      at: now,
      actor: user,
      action: 'alert.acknowledge',
      target: fingerprint,
    });
    for (const message of await tx.repo.messagesShowing([alert])) await updateMessage(deps, tx, message);
    return 'acknowledged';
  });
}

/** Silences a rule, rule family or fingerprint for a while (button or command); messages show it. */
function silenceAlerts(
  deps: AlertDeps,
  matcher: string,
  durationMs: number,
  user: string,
  now: Date,
): Promise<{ id: number; until: Date; matched: number }> {
  return inTransaction(deps, now, async (tx) => {
    const until = new Date(now.getTime() + durationMs);
    const id = await tx.repo.addSilence(matcher, now, until, user);
    await createAuditLog(tx.q).record({
      at: now,
      actor: user,
      action: 'alert.silence',
      target: matcher,
      detail: { id, until: until.toISOString() },
    });
    tx.silences = await tx.repo.silences(now);
    const matched = (await tx.repo.open()).filter((a) => silenceMatches(matcher, a));
    await forward(tx, matched, 'silenced', { by: user, silence: { id, matcher, until } });
    for (const message of await tx.repo.messagesShowing(matched)) await updateMessage(deps, tx, message);
    return { id, until, matched: matched.length };
  });
}

/** Ends a silence early (`/insights unsilence <id>`): its messages drop the label at once. */
function endSilence(deps: AlertDeps, id: number, user: string, now: Date): Promise<boolean> {
  return inTransaction(deps, now, async (tx) => {
    const matcher = await tx.repo.endSilence(id, now);
    if (!matcher) return false;
    await createAuditLog(tx.q).record({
      at: now,
      actor: user,
      action: 'alert.unsilence',
      target: matcher,
      detail: { id },
    });
    tx.silences = await tx.repo.silences(now);
    await showEndedSilences(deps, tx);
    return true;
  });
}

/** Active silences, for `/insights silences`. */
async function activeSilences(deps: AlertDeps, now: Date) {
  return (await createAlertsRepo(deps.db, deps.org).silences(now, 0)).filter(
    (s) => s.from <= now && s.until > now,
  );
}

/** Open alerts, most severe first, for `/insights alerts`. */
async function openAlerts(deps: AlertDeps): Promise<Alert[]> {
  return (await createAlertsRepo(deps.db, deps.org).open()).sort(bySeverity);
}
