import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { addDays } from '../domain/period.js';
import { demoComplianceReport } from './demo-compliance.js';
import { createDemoSource } from './demo-source.js';

/** The demo organization tells one story across its sources and from one data day to the next (issue 22). */
const today = new Date('2026-12-07T18:31:00Z');
const tomorrow = new Date('2026-12-08T18:31:00Z');
const DAY = 86_400_000;

async function members(now: Date) {
  const source = createDemoSource();
  const asOf = (await source.dataAsOf(now)) ?? '';
  return (await source.load({ from: addDays(asOf, -99), to: asOf }, now)).members;
}

describe('the demo organization over days', () => {
  it('keeps each member’s Date Joined, and an idle member’s last seen, when the data day moves on', async () => {
    const before = new Map((await members(today)).map((m) => [m.username, m]));
    const after = await members(tomorrow);
    let idle = 0;
    for (const m of after) {
      const was = before.get(m.username);
      expect(was?.dateJoined).toBe(m.dateJoined);
      const seen = Date.parse(m.lastSeenAt ?? '');
      if (seen < today.getTime() - 100 * DAY) {
        idle++;
        expect(was?.lastSeenAt).toBe(m.lastSeenAt);
      }
    }
    expect(idle).toBeGreaterThan(5);
  });

  it('gives a day the same figures whichever later day the data is as of', async () => {
    const source = createDemoSource();
    const day = '2026-12-01';
    const points = async (now: Date) =>
      (await source.load({ from: day, to: day }, now)).points.filter((p) => p.day === day);
    const a = await points(today);
    const b = await points(tomorrow);
    const active = (ps: typeof a) => ps.find((p) => p.metric === 'active_users')?.value;
    expect(active(b)).toBe(active(a));
    expect(b.filter((p) => p.metric === 'containers')).toEqual(a.filter((p) => p.metric === 'containers'));
  });

  it('writes a sample compliance report that agrees with the member list', async () => {
    const list = await members(today);
    const byName = new Map(list.map((m) => [m.username, m]));
    const rows = parse(demoComplianceReport(list, 0, today), { columns: true }) as Array<
      Record<string, string>
    >;
    expect(rows).toHaveLength(12);
    let idle = 0;
    for (const row of rows) {
      const member = byName.get(row.Username ?? '');
      const fetched = Date.parse(row['Last policy fetch'] ?? '');
      const seen = Date.parse(member?.lastSeenAt ?? '');
      expect(fetched).toBeLessThanOrEqual(today.getTime());
      // A Docker Desktop fetches its policy while it runs: never long after its user was last seen.
      expect(fetched - seen).toBeLessThanOrEqual(2 * DAY);
      if (today.getTime() - seen > 2 * DAY) idle++;
      expect(row['Docker Desktop version']).toBe(member?.lastDesktopVersion);
    }
    expect(idle).toBeGreaterThan(0);
  });
});
