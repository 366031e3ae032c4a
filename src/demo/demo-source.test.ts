import { describe, expect, it } from 'vitest';
import { type InsightsData, METRICS, type Metric } from '../domain/insights.js';
import { addDays, daysBetween } from '../domain/period.js';
import { clearDemoMemo, createDemoSource } from './demo-source.js';
import { mulberry32 } from './random.js';

const now = new Date('2026-11-21T08:00:00Z');
const asOf = '2026-11-20';
const last100 = { from: addDays(asOf, -99), to: asOf };

const dailyTotals = (data: InsightsData, metric: Metric): Map<string, number> => {
  const out = new Map<string, number>();
  for (const p of data.points) if (p.metric === metric) out.set(p.day, (out.get(p.day) ?? 0) + p.value);
  return out;
};

describe('mulberry32', () => {
  it('repeats for a seed and stays in [0, 1)', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((s, v) => s + v, 0) / 1000).toBeCloseTo(0.5, 1);
  });
});

describe('createDemoSource', () => {
  it('reports yesterday (minus the lag) as the as-of day', async () => {
    expect(await createDemoSource().dataAsOf(now)).toBe(asOf);
    expect(await createDemoSource({ lagDays: 2 }).dataAsOf(now)).toBe('2026-11-18');
    expect(createDemoSource().kind).toBe('demo');
    expect(createDemoSource({ org: 'globex' }).org).toBe('globex');
  });

  it('is deterministic for a seed and a day, and differs for another seed', async () => {
    const a = await createDemoSource({ seed: 7 }).load(last100, now);
    clearDemoMemo();
    const b = await createDemoSource({ seed: 7 }).load(last100, now);
    expect(b.members[0]).not.toBe(a.members[0]); // really generated twice
    const c = await createDemoSource({ seed: 8 }).load(last100, now);
    expect(a).toEqual(b);
    expect(c.points).not.toEqual(a.points);
    expect(c.members).not.toEqual(a.members);
  });

  it('gives the same days the same values whatever range is asked for', async () => {
    clearDemoMemo();
    const week = await createDemoSource().load({ from: '2026-11-14', to: asOf }, now);
    const long = await createDemoSource().load({ from: '2026-03-01', to: asOf }, now);
    const sameDays = long.points.filter((p) => p.day >= '2026-11-14');
    expect(week.points).toEqual(sameDays);
    expect(week.members).toEqual(long.members);
  });

  it('has ~250 members with some opt-outs, invitees and a few scripts', async () => {
    const { members } = await createDemoSource().load(last100, now);
    expect(members).toHaveLength(250);
    const optedOut = members.filter((m) => m.optedOutAnalytics).length;
    expect(optedOut).toBeGreaterThanOrEqual(10);
    expect(optedOut).toBeLessThanOrEqual(35);
    expect(members.some((m) => m.type === 'Invitee' && m.lastSeenAt === null)).toBe(true);
    expect(members.map((m) => m.name)).toEqual(
      expect.arrayContaining(['Zoë Ångström', '李雷', 'José Núñez']),
    );
    expect(new Set(members.map((m) => m.username)).size).toBe(250);
    expect(members.every((m) => m.email.endsWith('@acme.example'))).toBe(true);
    expect(members.filter((m) => m.role === 'owner').length).toBeGreaterThanOrEqual(1);
    const old = members.filter((m) => /^4\.1[0-6]\./.test(m.lastDesktopVersion ?? ''));
    expect(old.length).toBeGreaterThanOrEqual(2);
    // The org grew over the last three months.
    const joinedLately = members.filter((m) => m.dateJoined && m.dateJoined >= addDays(asOf, -89)).length;
    expect(joinedLately).toBeGreaterThan(10);
    expect(joinedLately).toBeLessThan(45);
  });

  it('keeps last seen consistent with the activity', async () => {
    const data = await createDemoSource().load(last100, now);
    const seenLastWeek = data.members.filter(
      (m) => !m.optedOutAnalytics && m.lastSeenAt && m.lastSeenAt.slice(0, 10) >= '2026-11-14',
    ).length;
    const busiest = Math.max(
      ...[...dailyTotals(data, 'active_users')].filter(([d]) => d >= '2026-11-14').map(([, v]) => v),
    );
    expect(seenLastWeek).toBeGreaterThanOrEqual(busiest);
    for (const m of data.members) {
      if (m.lastSeenAt) expect(m.lastSeenAt <= `${asOf}T23:59:59Z`).toBe(true);
      if (m.lastSeenAt && m.dateJoined) expect(m.lastSeenAt >= m.dateJoined).toBe(true);
    }
  });

  it('covers every metric on every day of 100+ days, with nothing after the as-of day', async () => {
    const data = await createDemoSource().load({ from: addDays(asOf, -119), to: addDays(asOf, 5) }, now);
    expect(data.to).toBe(asOf);
    expect([...data.provided].sort()).toEqual([...METRICS].sort());
    const days = daysBetween(addDays(asOf, -119), asOf);
    const seen = new Set(data.points.map((p) => `${p.day}|${p.metric}`));
    for (const day of days) for (const metric of METRICS) expect(seen.has(`${day}|${metric}`)).toBe(true);
    expect(data.points.every((p) => p.day <= asOf && Number.isFinite(p.value) && p.value >= 0)).toBe(true);
  });

  it('has a weekday/weekend rhythm', async () => {
    const active = dailyTotals(await createDemoSource().load(last100, now), 'active_users');
    const weekday: number[] = [];
    const weekend: number[] = [];
    for (const [day, n] of active) {
      const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
      (dow === 0 || dow === 6 ? weekend : weekday).push(n);
    }
    const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(avg(weekday)).toBeGreaterThan(80);
    const ratio = avg(weekend) / avg(weekday);
    expect(ratio).toBeGreaterThan(0.2);
    expect(ratio).toBeLessThan(0.4);
  });

  it('has plausible daily shapes', async () => {
    const data = await createDemoSource().load(last100, now);
    const active = dailyTotals(data, 'active_users');
    const ok = dailyTotals(data, 'builds_succeeded');
    const failed = dailyTotals(data, 'builds_failed');
    const seconds = dailyTotals(data, 'build_seconds');
    const containers = dailyTotals(data, 'containers');
    for (const [day, users] of active) {
      const builds = (ok.get(day) ?? 0) + (failed.get(day) ?? 0);
      expect((ok.get(day) ?? 0) / builds).toBeGreaterThan(0.85);
      expect((seconds.get(day) ?? 0) / builds).toBeGreaterThanOrEqual(60);
      expect((seconds.get(day) ?? 0) / builds).toBeLessThanOrEqual(240);
      expect((containers.get(day) ?? 0) / users).toBeGreaterThanOrEqual(5);
      expect((containers.get(day) ?? 0) / users).toBeLessThanOrEqual(20);
    }
    const lastDay = data.points.filter((p) => p.day === asOf);
    const keys = (metric: Metric) => lastDay.filter((p) => p.metric === metric).map((p) => p.key);
    expect(keys('os_users').sort()).toEqual(['Linux', 'Windows', 'macOS']);
    expect(keys('interface_users').sort()).toEqual(['cli', 'gui']);
    expect(keys('pulls').length).toBeGreaterThanOrEqual(12);
    expect(keys('extension_users').length).toBeGreaterThanOrEqual(6);
    expect(keys('version_users')).toContain('4.53.0');
    // Releases roll out: the newest version is absent 3 months ago.
    expect(data.points.some((p) => p.day === last100.from && p.key === '4.53.0')).toBe(false);
  });

  // Its speed (under 50 ms for 250 members, cold) is `npm run bench -- demo`: no timings in tests.
  it('scales to 50,000 members with unique usernames', async () => {
    const big = await createDemoSource({ members: 50_000 }).load({ from: '2026-11-14', to: asOf }, now);
    expect(big.members).toHaveLength(50_000);
    expect(new Set(big.members.map((m) => m.username)).size).toBe(50_000);
  });
});
