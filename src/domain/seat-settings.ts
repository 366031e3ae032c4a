/**
 * The seat settings (docs/seats.md › Configuration): Docker publishes no seat count, so the purchased seats
 * and their price are configuration, with the thresholds of the alerts and of reclaiming. src/config.ts
 * reads the environment; the variables are validated here, as src/siem/config.ts does for SIEM_*.
 */
import { z } from 'zod';

const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const days = (max: number) => optional(z.coerce.number().int().min(0).max(max));

export const SEATS_ENV = {
  DOCKER_SEATS: optional(z.coerce.number().int().min(1, 'must be the number of seats bought (1 or more)')),
  DOCKER_SEAT_PRICE: optional(
    z.coerce.number().positive('must be the price of one seat per month, e.g. 24').max(100_000),
  ),
  SEATS_ALERT_PERCENT: optional(z.coerce.number().min(1).max(100)),
  SEATS_GRACE_DAYS: days(365),
  SEATS_REMINDER_DAYS: optional(z.coerce.number().int().min(1).max(30)),
  SEATS_ANSWER_DAYS: days(90),
  SEATS_RECLAIM: optional(z.enum(['on', 'off'], { error: 'must be on or off' })),
  SEATS_EXEMPT: optional(z.string()),
};

type SeatsEnv = { [K in keyof typeof SEATS_ENV]?: z.output<(typeof SEATS_ENV)[K]> };

export interface SeatSettings {
  /** DOCKER_SEATS: the seats bought; null when not configured (no free seats, no utilization, no alerts). */
  purchased: number | null;
  /** DOCKER_SEAT_PRICE: what one seat costs per month (US dollars); null: no cost lines. */
  pricePerMonth: number | null;
  /** "Seats nearly full" opens when used seats reach this share of the purchased ones (percent). */
  alertPercent: number;
  /** Members who joined this recently are never asked or removed. */
  graceDays: number;
  /** An unanswered DM is repeated once, this many days after it. */
  reminderDays: number;
  /** Asked members who have not answered after this many days can be removed (0: at once). */
  answerDays: number;
  /** SEATS_RECLAIM=on: the review gets a button that removes members through Docker's API. */
  reclaim: boolean;
  /** SEATS_EXEMPT: Docker usernames and team names (lowercase) whose members are never asked or removed. */
  exempt: string[];
}

export const DEFAULT_SEAT_SETTINGS: SeatSettings = {
  purchased: null,
  pricePerMonth: null,
  alertPercent: 90,
  graceDays: 30,
  reminderDays: 3,
  answerDays: 7,
  reclaim: false,
  exempt: [],
};

/** The seat settings from the validated environment. */
export function seatsConfig(e: SeatsEnv): SeatSettings {
  return {
    purchased: e.DOCKER_SEATS ?? null,
    pricePerMonth: e.DOCKER_SEAT_PRICE ?? null,
    alertPercent: e.SEATS_ALERT_PERCENT ?? DEFAULT_SEAT_SETTINGS.alertPercent,
    graceDays: e.SEATS_GRACE_DAYS ?? DEFAULT_SEAT_SETTINGS.graceDays,
    reminderDays: e.SEATS_REMINDER_DAYS ?? DEFAULT_SEAT_SETTINGS.reminderDays,
    answerDays: e.SEATS_ANSWER_DAYS ?? DEFAULT_SEAT_SETTINGS.answerDays,
    reclaim: e.SEATS_RECLAIM === 'on',
    exempt: (e.SEATS_EXEMPT ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  };
}
