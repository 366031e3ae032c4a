import { describe, expect, it } from 'vitest';
import {
  type Alert,
  atLeast,
  describeDuration,
  type Finding,
  notificationDue,
  parseDuration,
  planEvaluation,
  type Silence,
  silenceMatches,
} from './alerts.js';

const T0 = new Date('2026-11-21T08:00:00Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

const finding = (entity: string, severity: Finding['severity'] = 'high'): Finding => ({
  rule: 'drift.compliance',
  entity,
  severity,
  title: `${entity} is Non-compliant`,
  facts: [['User', entity]],
  advice: 'Restart Docker Desktop.',
  link: 'https://app.docker.com/admin/orgs/acme/desktop-settings/reporting',
});

const evaluate = (existing: Alert[], entities: string[], now: Date, oneShot = false) =>
  planEvaluation(
    existing,
    { rule: 'drift.compliance', findings: entities.map((e) => finding(e)), oneShot },
    now,
  );

/** Applies a plan to a store held in memory, as the repository would. */
function apply(store: Map<string, Alert>, plan: ReturnType<typeof evaluate>): Alert[] {
  for (const a of plan.changed) store.set(a.fingerprint, a);
  return [...store.values()];
}

describe('planEvaluation', () => {
  it('opens once, keeps quiet while open, resolves when gone, reopens as a new episode', () => {
    const store = new Map<string, Alert>();
    const first = evaluate([], ['bob', 'carol'], at(0));
    expect(first.opened.map((a) => a.fingerprint)).toEqual([
      'drift.compliance:bob',
      'drift.compliance:carol',
    ]);
    let alerts = apply(store, first);

    const again = evaluate(alerts, ['bob', 'carol'], at(1));
    expect(again.opened).toEqual([]);
    expect(again.resolved).toEqual([]);
    alerts = apply(store, again);
    expect(store.get('drift.compliance:bob')?.lastSeen).toEqual(at(1));
    expect(store.get('drift.compliance:bob')?.firstSeen).toEqual(at(0));

    const carolFixed = evaluate(alerts, ['bob'], at(2));
    expect(carolFixed.resolved.map((a) => a.entity)).toEqual(['carol']);
    expect(carolFixed.resolved[0]?.resolvedAt).toEqual(at(2));
    alerts = apply(store, carolFixed);

    const carolBack = evaluate(alerts, ['bob', 'carol'], at(3));
    expect(carolBack.opened).toHaveLength(1);
    expect(carolBack.opened[0]).toMatchObject({
      entity: 'carol',
      episode: 2,
      state: 'open',
      notifiedAt: null,
    });
  });

  it('treats one-shot findings as events: each once, never resolved by absence', () => {
    const store = new Map<string, Alert>();
    const first = evaluate([], ['event-1'], at(0), true);
    expect(first.opened).toHaveLength(1);
    let alerts = apply(store, first);
    // Notified and resolved by the engine; the same event seen again opens nothing.
    store.set('drift.compliance:event-1', { ...alerts[0], state: 'resolved' } as Alert);
    alerts = [...store.values()];
    expect(evaluate(alerts, ['event-1'], at(1), true).opened).toEqual([]);
    expect(evaluate(alerts, [], at(1), true).resolved).toEqual([]);
  });

  it('resolves only the entities a scoped evaluation speaks for', () => {
    const store = new Map<string, Alert>();
    const alerts = apply(store, evaluate([], ['img-a cve-1', 'img-b cve-1'], at(0)));
    const clean = planEvaluation(
      alerts,
      { rule: 'drift.compliance', findings: [], scope: (e) => e.startsWith('img-a ') },
      at(1),
    );
    expect(clean.resolved.map((a) => a.entity)).toEqual(['img-a cve-1']);
  });

  it('counts a finding twice in one report once', () => {
    expect(evaluate([], ['bob', 'bob'], at(0)).opened).toHaveLength(1);
  });
});

describe('notifications, acknowledgement and silences', () => {
  const open = (patch: Partial<Alert> = {}): Alert => ({
    ...(evaluate([], ['bob'], at(0)).opened[0] as Alert),
    ...patch,
  });
  const silence = (matcher: string, from: number, until: number): Silence => ({
    id: 1,
    matcher,
    from: at(from),
    until: at(until),
  });

  it('posts a new alert first, repeats after the interval, and not at all once acknowledged', () => {
    expect(notificationDue(open(), [], at(0), 24 * HOUR)).toBe('first');
    const notified = open({ notifiedAt: at(0) });
    expect(notificationDue(notified, [], at(23), 24 * HOUR)).toBeNull();
    expect(notificationDue(notified, [], at(24), 24 * HOUR)).toBe('repeat');
    expect(notificationDue({ ...notified, ackedBy: 'U0ADMIN' }, [], at(48), 24 * HOUR)).toBeNull();
    expect(notificationDue({ ...notified, state: 'resolved' }, [], at(48), 24 * HOUR)).toBeNull();
  });

  it('sends nothing while silenced, and re-notifies once the silence ends', () => {
    const s = [silence('drift.compliance:bob', 1, 25)];
    const notified = open({ notifiedAt: at(0) });
    expect(notificationDue(notified, s, at(24), 24 * HOUR)).toBeNull();
    expect(notificationDue(open(), s, at(2), 24 * HOUR)).toBeNull();
    expect(notificationDue(notified, s, at(25), 24 * HOUR)).toBe('repeat');
    // Re-notified after the silence: quiet again until the next interval.
    expect(notificationDue(open({ notifiedAt: at(25) }), s, at(26), 24 * HOUR)).toBeNull();
    // A silence that ended before the last post changes nothing.
    expect(notificationDue(open({ notifiedAt: at(30) }), s, at(31), 24 * HOUR)).toBeNull();
  });

  it('does not repeat an acknowledged alert when a silence over it ends', () => {
    const s = [silence('drift', 1, 25)];
    const acked = open({ notifiedAt: at(0), ackedBy: 'U0ADMIN', ackedAt: at(2) });
    expect(notificationDue(acked, s, at(25), 24 * HOUR)).toBeNull();
    expect(notificationDue(acked, s, at(72), 24 * HOUR)).toBeNull();
  });

  it('matches a silence by fingerprint, rule or rule family only', () => {
    const alert = { rule: 'drift.compliance', fingerprint: 'drift.compliance:bob' };
    expect(silenceMatches('drift.compliance:bob', alert)).toBe(true);
    expect(silenceMatches('drift.compliance', alert)).toBe(true);
    expect(silenceMatches('drift', alert)).toBe(true);
    expect(silenceMatches('dri', alert)).toBe(false);
    expect(silenceMatches('drift.compliance:bo', alert)).toBe(false);
    expect(silenceMatches('scout', alert)).toBe(false);
  });

  it('orders severities', () => {
    expect(atLeast('critical', 'high')).toBe(true);
    expect(atLeast('medium', 'high')).toBe(false);
    expect(atLeast('low', 'low')).toBe(true);
  });
});

describe('durations', () => {
  it('reads 30m, 1h, 1d, 1w and refuses the rest', () => {
    expect(parseDuration('30m')).toBe(30 * 60_000);
    expect(parseDuration('1h')).toBe(HOUR);
    expect(parseDuration('1D')).toBe(24 * HOUR);
    expect(parseDuration('2w')).toBe(14 * 24 * HOUR);
    for (const bad of ['', '1y', 'h', '0h', '-1h', '1.5h', '91d']) expect(parseDuration(bad)).toBeUndefined();
    expect(describeDuration(HOUR)).toBe('1 hour');
    expect(describeDuration(24 * HOUR)).toBe('1 day');
    expect(describeDuration(14 * 24 * HOUR)).toBe('2 weeks');
    expect(describeDuration(90 * 60_000)).toBe('1 hour 30 minutes');
    expect(describeDuration(10 * 24 * HOUR)).toBe('10 days');
  });

  it('reads compound durations such as 1h30m and 1d 12h, each unit once and largest first', () => {
    expect(parseDuration('1h30m')).toBe(90 * 60_000);
    expect(parseDuration('1d 12h')).toBe(36 * HOUR);
    expect(parseDuration('2w3d')).toBe(17 * 24 * HOUR);
    for (const bad of ['30m1h', '1h1h', '1h30', 'h30m', '12w7d']) expect(parseDuration(bad)).toBeUndefined();
    expect(describeDuration(36 * HOUR)).toBe('1 day 12 hours');
  });
});
