/**
 * How alert state changes reach Slack: rule evaluations and the scheduled tick change alerts and queue
 * every post and update in the same transaction, so a crash never loses or repeats one. Runs under the
 * `alerts` lock: replicas take turns.
 */
import {
  type Alert,
  atLeast,
  bySeverity,
  type Evaluation,
  notificationDue,
  planEvaluation,
  type Silence,
  silenceMatches,
  silenceState,
} from '../domain/alerts.js';
import type { Outbox } from '../domain/delivery.js';
import type { MetricsRecorder } from '../domain/metrics.js';
import { type AlertTransition, alertRecord } from '../domain/siem-records.js';
import type { Logger } from '../logger.js';
import { alertGroupMessage, groupHeading, resolvedNote, type ShownAlert } from '../render/alert-blocks.js';
import { type AlertMessage, type AlertsRepo, createAlertsRepo } from '../store/alerts-repo.js';
import type { Db, Queryable } from '../store/db.js';
import { enqueueSiem } from '../store/siem-repo.js';
import { type AlertSubscriptionKind, createSubscriptionsRepo } from '../store/subscriptions-repo.js';

export interface AlertDeps {
  db: Db;
  org: string;
  /** The delivery queue's enqueue, inside the engine's transaction. */
  outbox: Outbox<Queryable>;
  /** Re-notify an open, unacknowledged alert this long after its last post. */
  repeatMs: number;
  logger: Logger;
  /** `/metrics`: alerts opened, counted once their transaction commits. */
  metrics?: Pick<MetricsRecorder, 'alertOpened'>;
  /**
   * The lifecycle's own clock, when the callers' `now` may come from another (the sandbox's, which "advance
   * a data day" moves ahead, while a CLI import in another process stamps real time): every transition,
   * repeat and silence is then timed by this one clock. Unset: the callers' `now`.
   */
  clock?: () => Date;
}

/**
 * The alert engine: what Slack buttons and commands, the rules and the Scout ingest change alerts
 * through. Every change and the posts it causes commit together, under the `alerts` lock.
 */
export interface AlertRun {
  opened: number;
  resolved: number;
  /** Group messages queued. */
  posted: number;
}

/** `drift.compliance` → the `drift` subscriptions. */
const subscriptionKind = (rule: string) => rule.split('.')[0] as AlertSubscriptionKind;

export interface Tx {
  q: Queryable;
  repo: AlertsRepo;
  silences: Silence[];
  now: Date;
}

export function inTransaction<T>(deps: AlertDeps, now: Date, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return deps.db.withLock(
    'alerts',
    () =>
      deps.db.transaction(async (q) => {
        const repo = createAlertsRepo(q, deps.org);
        return fn({ q, repo, silences: await repo.silences(now), now });
      }),
    { wait: true },
  ) as Promise<T>;
}

/** Queues the transitions for the SIEM destinations, in the engine's transaction. */
export function forward(
  tx: Tx,
  alerts: Alert[],
  transition: AlertTransition,
  extra?: Parameters<typeof alertRecord>[3],
): Promise<void> {
  return enqueueSiem(
    tx.q,
    alerts.map((a) => alertRecord(a, transition, tx.now, extra)),
  );
}

export async function evaluateAlerts(
  deps: AlertDeps,
  evaluations: Evaluation[],
  now: Date,
): Promise<AlertRun> {
  const openedNow: Alert[] = [];
  const run = await inTransaction(deps, now, async (tx) => {
    const resolved: Alert[] = [];
    const reasons = new Map<string, string>();
    let opened = 0;
    openedNow.length = 0;
    for (const evaluation of evaluations) {
      const plan = planEvaluation(await tx.repo.byRule(evaluation.rule), evaluation, now);
      await tx.repo.save(plan.changed);
      await forward(tx, plan.opened, 'opened');
      await forward(tx, plan.resolved, 'resolved');
      resolved.push(...plan.resolved);
      for (const [fingerprint, reason] of plan.reasons) reasons.set(fingerprint, reason);
      opened += plan.opened.length;
      openedNow.push(...plan.opened);
    }
    await announceResolutions(deps, tx, resolved, reasons);
    const posted = await notifyDue(deps, tx);
    if (opened + resolved.length + posted > 0) {
      deps.logger.info({ opened, resolved: resolved.length, posted }, 'alerts evaluated');
    }
    return { opened, resolved: resolved.length, posted };
  });
  for (const a of openedNow) deps.metrics?.alertOpened(a.rule, a.severity);
  return run;
}

export function notifyAlerts(deps: AlertDeps, now: Date): Promise<AlertRun> {
  return inTransaction(deps, now, async (tx) => {
    const updated = new Set<number>();
    for (const message of await tx.repo.staleMessages()) {
      const items = await tx.repo.messageItems(message.id);
      const silenced = items.some(
        (i) => i.alert.episode === i.episode && silenceState(i.alert, tx.silences, now).silencedUntil,
      );
      if (silenced) continue;
      updated.add(message.id);
      await updateMessage(deps, tx, message);
    }
    await showEndedSilences(deps, tx, updated);
    return { opened: 0, resolved: 0, posted: await notifyDue(deps, tx) };
  });
}

/**
 * Silences that ended (or were ended early) since the last look: the messages listing their open alerts
 * drop "Silenced until …" (or show the next silence still covering them). `updated`: messages already
 * refreshed in this transaction.
 */
export async function showEndedSilences(deps: AlertDeps, tx: Tx, updated = new Set<number>()): Promise<void> {
  const ended = await tx.repo.takeEnded(tx.now);
  if (ended.length === 0) return;
  const open = (await tx.repo.open()).filter((a) => ended.some((s) => silenceMatches(s.matcher, a)));
  for (const message of await tx.repo.messagesShowing(open)) {
    if (updated.has(message.id)) continue;
    updated.add(message.id);
    await updateMessage(deps, tx, message);
  }
}

const isSilenced = (tx: Tx, a: Alert) => silenceState(a, tx.silences, tx.now).silencedUntil !== null;

/**
 * Resolved alerts: every message showing them is updated in place, and one note per alert and channel goes
 * into the thread of the latest message there that lists it (a reminder repeats an alert in a new message;
 * its resolution is said once), unless the channel turned thread updates off.
 */
async function announceResolutions(
  deps: AlertDeps,
  tx: Tx,
  resolved: Alert[],
  reasons: ReadonlyMap<string, string>,
): Promise<void> {
  const loud = resolved.filter((a) => !isSilenced(tx, a));
  const quiet = resolved.filter((a) => isSilenced(tx, a));
  const updated = new Set<number>();
  /** `<channel>\n<fingerprint>` → the latest message in that channel listing the alert (ids grow). */
  const latest = new Map<string, { message: AlertMessage; alert: Alert }>();
  for (const message of await tx.repo.messagesShowing(loud)) {
    updated.add(message.id);
    await updateMessage(deps, tx, message);
    const items = await tx.repo.messageItems(message.id);
    for (const alert of loud) {
      if (items.some((i) => i.alert.fingerprint === alert.fingerprint && i.episode === alert.episode))
        latest.set(`${message.channel}\n${alert.fingerprint}`, { message, alert });
    }
  }
  for (const { message, alert } of latest.values()) {
    if (!message.threadUpdates) continue;
    await deps.outbox(
      `${message.deliveryKey}:resolved:${alert.fingerprint}:${alert.episode}`,
      {
        kind: 'message',
        channel: message.channel,
        threadOf: message.deliveryKey,
        text: resolvedNote(alert, tx.now, reasons.get(alert.fingerprint)),
      },
      tx.q,
    );
  }
  // A silenced alert sends nothing: its messages catch up when the silence ends.
  const stale = (await tx.repo.messagesShowing(quiet)).filter((m) => !updated.has(m.id));
  await tx.repo.markStale(stale.map((m) => m.id));
}

export async function updateMessage(deps: AlertDeps, tx: Tx, message: AlertMessage): Promise<void> {
  const n = await tx.repo.nextUpdate(message.id);
  const items = await tx.repo.messageItems(message.id);
  const shown: ShownAlert[] = items.map((i) => ({
    ...i,
    silencedUntil: silenceState(i.alert, tx.silences, tx.now).silencedUntil,
  }));
  const { text, blocks } = alertGroupMessage(message.heading, shown);
  await deps.outbox(
    `${message.deliveryKey}:update:${n}`,
    { kind: 'update', channel: message.channel, of: message.deliveryKey, text, blocks },
    tx.q,
  );
}

/** Posts open alerts that are due, one message per subscribed channel; returns how many messages. */
async function notifyDue(deps: AlertDeps, tx: Tx): Promise<number> {
  const due: Array<{ alert: Alert; repeat: boolean }> = [];
  const silencedEvents: Alert[] = [];
  for (const alert of await tx.repo.open()) {
    const when = notificationDue(alert, tx.silences, tx.now, deps.repeatMs);
    if (when) due.push({ alert, repeat: when === 'repeat' });
    else if (alert.oneShot && isSilenced(tx, alert)) silencedEvents.push(alert);
  }
  const done = (a: Alert): Alert =>
    a.oneShot
      ? { ...a, notifiedAt: tx.now, state: 'resolved', resolvedAt: tx.now }
      : { ...a, notifiedAt: tx.now };
  // A silenced event is over before anyone would hear of it.
  const over = silencedEvents.map((a): Alert => ({ ...a, state: 'resolved', resolvedAt: tx.now }));
  await tx.repo.save(over);
  await forward(tx, over, 'resolved');
  if (due.length === 0) return 0;

  due.sort((x, y) => Number(x.repeat) - Number(y.repeat) || bySeverity(x.alert, y.alert));
  let posted = 0;
  for (const sub of await createSubscriptionsRepo(tx.q).list()) {
    if (sub.kind === 'digest') continue;
    const mine = due.filter(
      (d) =>
        subscriptionKind(d.alert.rule) === sub.kind && atLeast(d.alert.severity, sub.options.minSeverity),
    );
    if (mine.length === 0) continue;
    const heading = groupHeading(
      sub.kind,
      mine.filter((d) => !d.repeat).length,
      mine.filter((d) => d.repeat).length,
    );
    const items = mine.map((d) => d.alert);
    const message = await tx.repo.createMessage(
      { channel: sub.channel, threadUpdates: sub.options.threadUpdates, heading, items },
      tx.now,
    );
    const { text, blocks } = alertGroupMessage(
      heading,
      items.map((alert) => ({ alert, episode: alert.episode })),
    );
    await deps.outbox(message.deliveryKey, { kind: 'message', channel: sub.channel, text, blocks }, tx.q);
    posted += 1;
  }
  await tx.repo.save(due.map((d) => done(d.alert)));
  await forward(
    tx,
    due.filter((d) => d.repeat).map((d) => d.alert),
    'renotified',
  );
  await forward(
    tx,
    due.filter((d) => d.alert.oneShot).map((d) => done(d.alert)),
    'resolved',
  );
  return posted;
}
