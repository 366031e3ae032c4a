/** Cell value parsers shared by the import kinds. Each returns undefined when the text is not valid. */

// 2026-11-20 · 2026-11-20T10:00:00Z · 2026-11-20T10:00:00.5+02:00 · 2020-01-01 15:00:51.193355 +0000 UTC
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?: ?(Z|[+-]\d{2}:?\d{2})(?: [A-Z]{2,5})?)?)?$/i;
// 11/20/2026 · 11/20/2026 10:00 · 11/20/2026 10:00:00 PM
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:,? (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AP]M))?)?$/i;

export const TIMESTAMP_FORMATS =
  'YYYY-MM-DD, an ISO 8601 date-time, "YYYY-MM-DD HH:MM:SS +0000 UTC" or MM/DD/YYYY';

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  offsetMinutes: number;
}

/** Milliseconds since the epoch, or undefined when a part is out of range (month 13, 31 February). */
function toEpoch(p: Parts): number | undefined {
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.hour > 23 || p.minute > 59 || p.second > 59) {
    return undefined;
  }
  const ms = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.ms);
  if (new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDate() !== p.day) return undefined;
  return ms - p.offsetMinutes * 60_000;
}

function offsetMinutes(zone: string | undefined): number | undefined {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4));
  if (hours > 23 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * A date or date-time as an ISO string (`2026-11-20T10:00:00.000Z`; a plain date is midnight UTC,
 * a time without a zone is UTC); null for an empty cell; undefined when not a date.
 */
export function parseTimestamp(text: string): string | null | undefined {
  if (text === '') return null;
  let parts: Parts | undefined;
  const iso = ISO.exec(text);
  if (iso) {
    const offset = offsetMinutes(iso[8]);
    if (offset === undefined) return undefined;
    parts = {
      year: Number(iso[1]),
      month: Number(iso[2]),
      day: Number(iso[3]),
      hour: Number(iso[4] ?? 0),
      minute: Number(iso[5] ?? 0),
      second: Number(iso[6] ?? 0),
      ms: Number((iso[7] ?? '0').slice(0, 3).padEnd(3, '0')),
      offsetMinutes: offset,
    };
  } else {
    const us = US.exec(text);
    if (!us) return undefined;
    let hour = Number(us[4] ?? 0);
    const meridiem = us[7]?.toUpperCase();
    if (meridiem) {
      if (hour < 1 || hour > 12) return undefined;
      hour = (hour % 12) + (meridiem === 'PM' ? 12 : 0);
    }
    parts = {
      year: Number(us[3]),
      month: Number(us[1]),
      day: Number(us[2]),
      hour,
      minute: Number(us[5] ?? 0),
      second: Number(us[6] ?? 0),
      ms: 0,
      offsetMinutes: 0,
    };
  }
  const epoch = toEpoch(parts);
  return epoch === undefined ? undefined : new Date(epoch).toISOString();
}

/** A calendar day written exactly `YYYY-MM-DD`, or undefined. */
export function parseDay(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const parts = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return toEpoch({ ...parts, hour: 0, minute: 0, second: 0, ms: 0, offsetMinutes: 0 }) === undefined
    ? undefined
    : text;
}

const TRUE = new Set(['yes', 'y', 'true', '1']);
const FALSE = new Set(['no', 'n', 'false', '0', '']);

/** Yes/No, true/false, 1/0 (any case); empty is false; undefined otherwise. */
export function parseBoolean(text: string): boolean | undefined {
  const value = text.toLowerCase();
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  return undefined;
}

/** `team-1, team-2` → ['team-1', 'team-2']. */
export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** A plain non-negative decimal number (`12`, `3.5`, `1e3`), or undefined. */
export function parseCount(text: string): number | undefined {
  if (!/^\+?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
