import { describe, expect, it } from 'vitest';
import { duePeriod, periodStart, previousPeriodStart, seatReportTitle } from './seat-report.js';

const weekly = { cadence: 'weekly' as const, at: '09:00', timeZone: 'Europe/Berlin' };
const monthly = { cadence: 'monthly' as const, at: '08:30', timeZone: 'America/New_York' };
const LONG_AGO = new Date('2026-01-01T00:00:00Z');
const at = (iso: string) => new Date(iso);

describe('seat report schedule', () => {
  it('is due from Monday at the local time until the next Monday', () => {
    // Monday 2026-11-23, 09:00 in Berlin is 08:00Z (CET).
    expect(duePeriod(at('2026-11-23T07:59:00Z'), weekly, LONG_AGO)).toBeNull();
    expect(duePeriod(at('2026-11-23T08:00:00Z'), weekly, LONG_AGO)).toEqual({
      day: '2026-11-23',
      dueAt: at('2026-11-23T08:00:00Z'),
    });
    expect(duePeriod(at('2026-11-29T22:59:00Z'), weekly, LONG_AGO)?.day).toBe('2026-11-23');
    // Sunday 23:00Z is already Monday in Berlin, but not yet 09:00.
    expect(duePeriod(at('2026-11-29T23:00:00Z'), weekly, LONG_AGO)).toBeNull();
  });

  it('follows daylight saving: Monday 09:00 in Berlin is 07:00Z in summer', () => {
    expect(duePeriod(at('2026-03-30T06:59:00Z'), weekly, LONG_AGO)).toBeNull();
    expect(duePeriod(at('2026-03-30T07:00:00Z'), weekly, LONG_AGO)?.day).toBe('2026-03-30');
  });

  it('is due on the 1st for a monthly report, in the local month', () => {
    // 2026-12-01 08:30 in New York is 13:30Z.
    expect(duePeriod(at('2026-12-01T13:29:00Z'), monthly, LONG_AGO)).toBeNull();
    expect(duePeriod(at('2026-12-01T13:30:00Z'), monthly, LONG_AGO)?.day).toBe('2026-12-01');
    // 02:00Z on Dec 1 is still November 30 in New York.
    expect(periodStart(at('2026-12-01T02:00:00Z'), monthly)).toBe('2026-11-01');
  });

  it('waits for the next period when subscribed after this one’s report was due', () => {
    expect(duePeriod(at('2026-11-25T10:00:00Z'), weekly, at('2026-11-24T10:00:00Z'))).toBeNull();
    expect(duePeriod(at('2026-11-30T08:00:00Z'), weekly, at('2026-11-24T10:00:00Z'))?.day).toBe('2026-11-30');
  });

  it('knows the period before, and names the report', () => {
    expect(previousPeriodStart('2026-11-23', 'weekly')).toBe('2026-11-16');
    expect(previousPeriodStart('2026-03-01', 'monthly')).toBe('2026-02-01');
    expect(previousPeriodStart('2026-01-01', 'monthly')).toBe('2025-12-01');
    expect(seatReportTitle({ org: 'acme', cadence: 'weekly', day: '2026-11-23' })).toBe(
      'Weekly seat report — acme · Nov 23',
    );
  });
});
