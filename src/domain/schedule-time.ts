import { addDays, type Day } from './period.js';

/** When a digest subscription wants its post: a local wall-clock time in an IANA time zone. */
export interface DigestTime {
  /** `HH:MM`, 24-hour. */
  at: string;
  /** IANA name, e.g. `Europe/Berlin`. */
  timeZone: string;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    try {
      found = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new Error(`Unknown time zone "${timeZone}": use an IANA name such as Europe/Berlin or UTC.`);
    }
    formatters.set(timeZone, found);
  }
  return found;
}

/** Whether `timeZone` is an IANA zone this runtime knows (`Europe/Berlin`, `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's own spelling (`europe/berlin` → `Europe/Berlin`), or undefined when it is no IANA zone. */
export function canonicalTimeZone(timeZone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The wall-clock reading in `timeZone` at `ms`, as milliseconds since the epoch read as if it were UTC. */
function wallClock(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour % 24, minute, second);
}

/** The local calendar day and the minutes since local midnight at `instant` in `timeZone`. */
export function localDateTime(instant: Date, timeZone: string): { day: Day; minutes: number } {
  const wall = new Date(wallClock(instant.getTime(), timeZone));
  return { day: wall.toISOString().slice(0, 10), minutes: wall.getUTCHours() * 60 + wall.getUTCMinutes() };
}

/** Minutes since midnight of an `HH:MM` (or `H:MM`) time; throws on anything else. */
export function parseTimeOfDay(at: string): number {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(at.trim());
  if (!m) throw new Error(`Invalid time "${at}": use 24-hour HH:MM, e.g. 09:00.`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * The first instant the digest for data day `dataDay` is due: when the local clock in the subscription's
 * zone first reaches its time on the local day after `dataDay` (Docker publishes day D during day D+1).
 * A time in a spring-forward gap is due when the clock jumps past it (02:30 → 03:00); a time repeated by
 * a fall-back is due at its first occurrence.
 */
export function nextDueInstant(sub: DigestTime, dataDay: Day): Date {
  const target = Date.parse(`${addDays(dataDay, 1)}T00:00:00Z`) + parseTimeOfDay(sub.at) * MINUTE;
  const offsetAt = (ms: number) => wallClock(ms, sub.timeZone) - ms;
  // The zone's offsets a day either side: a transition, if any, lies between them.
  const candidates = [target - offsetAt(target - DAY), target - offsetAt(target + DAY)];
  const exact = candidates.filter((t) => wallClock(t, sub.timeZone) === target);
  if (exact.length > 0) return new Date(Math.min(...exact));
  // The time does not exist that day: find the jump, the first second whose wall clock is past the target.
  let lo = Math.min(...candidates) / 1000;
  let hi = Math.max(...candidates) / 1000;
  if (wallClock(lo * 1000, sub.timeZone) >= target) return new Date(lo * 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallClock(mid * 1000, sub.timeZone) >= target) hi = mid;
    else lo = mid;
  }
  return new Date(hi * 1000);
}

/**
 * True once the digest for `dataDay` is due at `now` (see `nextDueInstant`): a day whose data arrives late
 * is due as soon as it arrives, and never before the subscriber's local time. Monotonic in `now`, also
 * through a fall-back's repeated hour; sending it once is the caller's job.
 */
export function isDue(now: Date, sub: DigestTime, dataDay: Day): boolean {
  return now.getTime() >= nextDueInstant(sub, dataDay).getTime();
}
