/**
 * What `/insights seats`, the seat report and the Home tab say about seats: the counts with their share of
 * the used seats, free seats, utilization and what idle seats cost. Counts only: names are the admins'
 * (src/domain/seat-records.ts), and never with emails.
 */
import { formatCount, formatPercent } from './format.js';
import { idleSeats, type SeatCounts, type SeatSettings, usedSeats, utilization } from './seats.js';

const MONEY = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});
const CENTS = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
});

/** `$1,234` (or `$12.50` below $100, where cents matter). */
export function formatMoney(amount: number): string {
  return amount < 100 && !Number.isInteger(amount) ? CENTS.format(amount) : MONEY.format(Math.round(amount));
}

export interface SeatLine {
  label: string;
  count: number;
  /** Share of the used seats (0..1); null when no seat is used. */
  share: number | null;
}

export interface SeatSummary {
  org: string;
  purchased: number | null;
  used: number;
  /** Null without DOCKER_SEATS; negative when over. */
  free: number | null;
  utilization: number | null;
  counts: SeatCounts;
  /** Members by status, then invites and guests, each with its share of the used seats. */
  lines: SeatLine[];
  idle: number;
  /** What the idle seats cost, with DOCKER_SEAT_PRICE. */
  idleCost: { month: number; year: number } | null;
  /** Built from the demo organization. */
  demo: boolean;
}

export function seatSummary(
  org: string,
  counts: SeatCounts,
  settings: Pick<SeatSettings, 'purchased' | 'pricePerMonth' | 'graceDays'>,
  demo = false,
): SeatSummary {
  const used = usedSeats(counts);
  const share = (n: number) => (used > 0 ? n / used : null);
  const line = (label: string, count: number): SeatLine => ({ label, count, share: share(count) });
  const idle = idleSeats(counts);
  return {
    org,
    purchased: settings.purchased,
    used,
    free: settings.purchased === null ? null : settings.purchased - used,
    utilization: utilization(counts, settings.purchased),
    counts,
    lines: [
      line('Active in the last 30 days', counts.active),
      line('Idle 30–59 days', counts.idle30),
      line('Idle 60–89 days', counts.idle60),
      line('Idle 90+ days', counts.idle90),
      line('Never active', counts.neverActive),
      line(`Joined in the last ${settings.graceDays} days`, counts.newMembers),
      line('Exempt', counts.exempt),
      line('Pending invites', counts.invites),
      line('Guests (any status)', counts.guests),
    ],
    idle,
    idleCost: settings.pricePerMonth
      ? { month: idle * settings.pricePerMonth, year: idle * settings.pricePerMonth * 12 }
      : null,
    demo,
  };
}

/** `12 (4.8%)` */
export function countWithShare(l: SeatLine): string {
  return l.share === null ? formatCount(l.count) : `${formatCount(l.count)} (${formatPercent(l.share)})`;
}

/** `231 of 250 seats used (92.4%), 19 free` — or without DOCKER_SEATS, `231 seats used`. */
export function usedLine(s: Pick<SeatSummary, 'used' | 'purchased' | 'free' | 'utilization'>): string {
  if (s.purchased === null || s.utilization === null || s.free === null) {
    return `${formatCount(s.used)} seats used`;
  }
  const free = s.free >= 0 ? `${formatCount(s.free)} free` : `${formatCount(-s.free)} over the seats bought`;
  return `${formatCount(s.used)} of ${formatCount(s.purchased)} seats used (${formatPercent(s.utilization)}), ${free}`;
}

/** `$1,234 a month ($14,808 a year)` */
export function costLine(cost: { month: number; year: number }): string {
  return `${formatMoney(cost.month)} a month (${formatMoney(cost.year)} a year)`;
}

/** A change of a percentage in percentage points: `+2.4 pts`, `−1.0 pts`, `±0 pts`. */
export function formatPoints(deltaRatio: number): string {
  const pts = Math.round(deltaRatio * 1000) / 10;
  if (pts === 0) return '±0 pts';
  return `${pts > 0 ? '+' : '−'}${Math.abs(pts).toFixed(1)} pts`;
}

/** A signed count change: `+3`, `−2`, `±0`. */
export function formatDelta(delta: number): string {
  if (delta === 0) return '±0';
  return `${delta > 0 ? '+' : '−'}${formatCount(Math.abs(delta))}`;
}

export const NO_SEATS_CONFIGURED =
  'Set DOCKER_SEATS to the number of seats bought (Docker publishes no seat count) to see free seats, utilization and the seat alerts.';
