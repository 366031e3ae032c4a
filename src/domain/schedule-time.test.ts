import { describe, expect, it } from 'vitest';
import { isDue, localDateTime, nextDueInstant, parseTimeOfDay } from './schedule-time.js';

const at = (iso: string) => new Date(iso);
const minuteBefore = (d: Date) => new Date(d.getTime() - 60_000);
const berlin = { at: '09:00', timeZone: 'Europe/Berlin' };

describe('localDateTime', () => {
  it('reads the local day and minutes in summer and winter time', () => {
    expect(localDateTime(at('2026-10-24T07:00:00Z'), 'Europe/Berlin')).toEqual({
      day: '2026-10-24',
      minutes: 540,
    });
    expect(localDateTime(at('2026-10-26T08:00:00Z'), 'Europe/Berlin')).toEqual({
      day: '2026-10-26',
      minutes: 540,
    });
    expect(localDateTime(at('2026-10-24T23:30:00Z'), 'Europe/Berlin')).toEqual({
      day: '2026-10-25',
      minutes: 90,
    });
    expect(localDateTime(at('2026-11-20T03:00:00Z'), 'America/New_York')).toEqual({
      day: '2026-11-19',
      minutes: 22 * 60,
    });
    expect(localDateTime(at('2026-11-20T18:29:00Z'), 'Asia/Kolkata')).toEqual({
      day: '2026-11-20',
      minutes: 1439,
    });
    expect(localDateTime(at('2026-11-20T18:30:00Z'), 'Asia/Kolkata')).toEqual({
      day: '2026-11-21',
      minutes: 0,
    });
    expect(localDateTime(at('2026-11-20T00:00:00Z'), 'UTC')).toEqual({ day: '2026-11-20', minutes: 0 });
  });

  it('rejects an unknown time zone with a clear error', () => {
    expect(() => localDateTime(new Date(), 'Mars/Olympus_Mons')).toThrow(
      'Unknown time zone "Mars/Olympus_Mons": use an IANA name such as Europe/Berlin or UTC.',
    );
    expect(() => isDue(new Date(), { at: '09:00', timeZone: 'CEST+2' }, '2026-11-20')).toThrow(
      /Unknown time zone/,
    );
  });
});

describe('nextDueInstant and isDue', () => {
  it('Europe/Berlin 09:00: 07:00Z in summer time, 08:00Z in winter time (change on 2026-10-25)', () => {
    expect(nextDueInstant(berlin, '2026-10-23')).toEqual(at('2026-10-24T07:00:00Z'));
    expect(nextDueInstant(berlin, '2026-10-24')).toEqual(at('2026-10-25T08:00:00Z'));
    expect(nextDueInstant(berlin, '2026-10-25')).toEqual(at('2026-10-26T08:00:00Z'));
    expect(isDue(at('2026-10-24T06:59:00Z'), berlin, '2026-10-23')).toBe(false);
    expect(isDue(at('2026-10-24T07:00:00Z'), berlin, '2026-10-23')).toBe(true);
    expect(isDue(at('2026-10-26T07:59:00Z'), berlin, '2026-10-25')).toBe(false);
    expect(isDue(at('2026-10-26T08:00:00Z'), berlin, '2026-10-25')).toBe(true);
  });

  it('is never due on the data day itself, and at once for a day that arrives late', () => {
    const early = { at: '00:15', timeZone: 'Europe/Berlin' };
    expect(nextDueInstant(early, '2026-11-20')).toEqual(at('2026-11-20T23:15:00Z'));
    expect(isDue(at('2026-11-20T23:14:00Z'), early, '2026-11-20')).toBe(false);
    // Day 2026-11-18 only synced on the 21st: due as soon as it is there, whatever the hour.
    expect(isDue(at('2026-11-21T03:00:00Z'), berlin, '2026-11-18')).toBe(true);
    expect(isDue(at('2026-11-21T03:00:00Z'), berlin, '2026-11-20')).toBe(false);
  });

  it('America/New_York 08:30 in EDT and EST', () => {
    const ny = { at: '08:30', timeZone: 'America/New_York' };
    expect(nextDueInstant(ny, '2026-07-14')).toEqual(at('2026-07-15T12:30:00Z'));
    expect(nextDueInstant(ny, '2026-11-19')).toEqual(at('2026-11-20T13:30:00Z'));
    expect(isDue(at('2026-11-20T13:29:00Z'), ny, '2026-11-19')).toBe(false);
    expect(isDue(at('2026-11-20T13:30:00Z'), ny, '2026-11-19')).toBe(true);
    // Evening in New York is already the next UTC day: the UTC date alone would send it too early.
    const evening = { at: '21:00', timeZone: 'America/New_York' };
    expect(nextDueInstant(evening, '2026-11-19')).toEqual(at('2026-11-21T02:00:00Z'));
  });

  it('Asia/Kolkata (+05:30, no daylight saving)', () => {
    const kolkata = { at: '09:00', timeZone: 'Asia/Kolkata' };
    expect(nextDueInstant(kolkata, '2026-11-19')).toEqual(at('2026-11-20T03:30:00Z'));
    expect(nextDueInstant({ at: '02:00', timeZone: 'Asia/Kolkata' }, '2026-11-19')).toEqual(
      at('2026-11-19T20:30:00Z'),
    );
    expect(isDue(at('2026-11-20T03:29:00Z'), kolkata, '2026-11-19')).toBe(false);
    expect(isDue(at('2026-11-20T03:30:00Z'), kolkata, '2026-11-19')).toBe(true);
  });

  it('spring forward: a time in the missing hour is due when the clock jumps to 03:00', () => {
    // New York skips 02:00–02:59 on 2026-03-08; 03:00 EDT = 07:00Z.
    const ny = { at: '02:30', timeZone: 'America/New_York' };
    expect(nextDueInstant(ny, '2026-03-07')).toEqual(at('2026-03-08T07:00:00Z'));
    expect(localDateTime(at('2026-03-08T07:00:00Z'), 'America/New_York')).toEqual({
      day: '2026-03-08',
      minutes: 180,
    });
    expect(isDue(at('2026-03-08T06:59:59Z'), ny, '2026-03-07')).toBe(false);
    expect(isDue(at('2026-03-08T07:00:00Z'), ny, '2026-03-07')).toBe(true);
    // Berlin skips 02:00–02:59 on 2026-03-29; 03:00 CEST = 01:00Z. The next day is back to normal.
    const de = { at: '02:30', timeZone: 'Europe/Berlin' };
    expect(nextDueInstant(de, '2026-03-28')).toEqual(at('2026-03-29T01:00:00Z'));
    expect(nextDueInstant(de, '2026-03-29')).toEqual(at('2026-03-30T00:30:00Z'));
  });

  it('fall back: a repeated time is due once, at its first occurrence, and stays due', () => {
    // New York repeats 01:00–01:59 on 2026-11-01: 01:30 EDT = 05:30Z, then 01:30 EST = 06:30Z.
    const ny = { at: '01:30', timeZone: 'America/New_York' };
    const first = at('2026-11-01T05:30:00Z');
    expect(nextDueInstant(ny, '2026-10-31')).toEqual(first);
    expect(isDue(minuteBefore(first), ny, '2026-10-31')).toBe(false);
    expect(isDue(first, ny, '2026-10-31')).toBe(true);
    // 06:10Z reads 01:10 again: still due (the local clock went back, the instant did not).
    expect(localDateTime(at('2026-11-01T06:10:00Z'), 'America/New_York').minutes).toBe(70);
    expect(isDue(at('2026-11-01T06:10:00Z'), ny, '2026-10-31')).toBe(true);
    expect(nextDueInstant({ at: '02:30', timeZone: 'Europe/Berlin' }, '2026-10-24')).toEqual(
      at('2026-10-25T00:30:00Z'),
    );
  });

  it('validates the time of day', () => {
    expect(parseTimeOfDay('09:00')).toBe(540);
    expect(parseTimeOfDay('7:05')).toBe(425);
    expect(parseTimeOfDay('23:59')).toBe(1439);
    for (const bad of ['24:00', '9', '09:60', 'nine', '']) {
      expect(() => parseTimeOfDay(bad)).toThrow(/Invalid time/);
    }
    expect(() => nextDueInstant({ at: '25:00', timeZone: 'UTC' }, '2026-11-20')).toThrow(
      /Invalid time "25:00"/,
    );
  });
});
