import { closest } from './did-you-mean.js';

/** Periods follow the Admin Console's Insights page: 1 week, 1 month, 3 months. */
export const PERIODS = ['1w', '1m', '3m'] as const;
export type Period = (typeof PERIODS)[number];

export const PERIOD_DAYS: Record<Period, number> = { '1w': 7, '1m': 30, '3m': 90 };

export const PERIOD_LABEL: Record<Period, string> = {
  '1w': 'last 7 days',
  '1m': 'last 30 days',
  '3m': 'last 90 days',
};

const ALIASES: Record<string, Period> = {
  '1w': '1w',
  '7d': '1w',
  week: '1w',
  '1m': '1m',
  '30d': '1m',
  month: '1m',
  '3m': '3m',
  '90d': '3m',
};

export const DEFAULT_PERIOD: Period = '1m';

/** Parses `1w`/`7d`, `1m`/`30d`, `3m`/`90d` (case-insensitive); undefined when not a period. */
export function parsePeriod(text: string): Period | undefined {
  return ALIASES[text.trim().toLowerCase()];
}

const UNIT_DAYS: Record<string, number> = { d: 1, w: 7, m: 30, y: 365 };
const PERIOD_WORDS = ['1w', '1m', '3m', '7d', '30d', '90d'] as const;

/**
 * What to say about a word that is not a period, after "… is not a period.": `12m` and `1y` are longer than
 * the longest (3m) — a "did you mean `1m`?" would be wrong there — `1d` shorter than the shortest; a typo
 * (or `2m`, between two) gets the nearest period. `quote` marks a period up (backticks in Slack, quotes on the command line).
 */
export function badPeriodHint(text: string, quote: (word: string) => string = (w) => `"${w}"`): string {
  const span = /^(\d{1,6})\s*([dwmy])$/i.exec(text.trim());
  if (span) {
    const days = Number(span[1]) * (UNIT_DAYS[(span[2] ?? '').toLowerCase()] ?? 0);
    if (days > PERIOD_DAYS['3m']) return `The longest period is ${quote('3m')} (90 days).`;
    if (days < PERIOD_DAYS['1w']) return `The shortest period is ${quote('1w')} (7 days).`;
  }
  const guess = closest(text.trim().toLowerCase(), PERIOD_WORDS, 1);
  return guess ? `Did you mean ${quote(guess)}?` : '';
}

/** A UTC calendar day as `YYYY-MM-DD`. */
export type Day = string;

export function toDay(date: Date): Day {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: Day, days: number): Day {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return toDay(d);
}

/** The inclusive day range of `period` ending at `asOf`. */
export function periodRange(period: Period, asOf: Day): { from: Day; to: Day } {
  return { from: addDays(asOf, -(PERIOD_DAYS[period] - 1)), to: asOf };
}

/** Every day from `from` to `to`, inclusive. */
export function daysBetween(from: Day, to: Day): Day[] {
  const out: Day[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-11-03` → `Nov 3`; anything that is not a day (an image name on a bar chart) unchanged. */
export function shortDay(label: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})$/.exec(label);
  if (!m) return label;
  return `${MONTHS[Number(m[1]) - 1] ?? m[1]} ${Number(m[2])}`;
}
