/** Numbers for people (en-US): `12,345`, `4.9`, `93.4%`, `2m 41s`. */
const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ONE_DECIMAL = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return COUNT.format(Math.round(n));
}

export function formatDecimal(n: number): string {
  return ONE_DECIMAL.format(n);
}

/** A ratio (0..1) as a percentage with one decimal. */
export function formatPercent(ratio: number): string {
  return `${ONE_DECIMAL.format(ratio * 100)}%`;
}

/** `45s`, `2m 41s`, `1h 05m`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const WHEN = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  hourCycle: 'h23',
});

/** An instant for people, always with its zone: `21 Nov 2026, 09:00 UTC` (alerts, their facts, silences). */
export const formatWhen = (d: Date): string => `${WHEN.format(d)} UTC`;
