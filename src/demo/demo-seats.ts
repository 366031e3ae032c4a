/**
 * The demo organization's seats: a purchase a little above its members (so "Seats nearly full" shows), the
 * list price of a Docker Business seat, and 90 days of seat use worked out from the members' dates — a
 * member active now after a day counts as active on that day, one idle now was idle then too.
 */
import type { Member } from '../domain/insights.js';
import { addDays, type Day, toDay } from '../domain/period.js';
import { countSeats, DAY_MS, type SeatCounts, type SeatSettings } from '../domain/seats.js';

/** Docker Business, per seat and month (docker.com/pricing). */
export const DEMO_SEAT_PRICE = 24;

/** DOCKER_SEATS and DOCKER_SEAT_PRICE for the demo, unless the operator set them: about 6% above the members. */
export function demoSeatSettings(settings: SeatSettings, members: number): SeatSettings {
  return {
    ...settings,
    purchased: settings.purchased ?? Math.max(5, Math.ceil((members * 1.06) / 5) * 5),
    pricePerMonth: settings.pricePerMonth ?? DEMO_SEAT_PRICE,
  };
}

/** Seat use on each of the `days` days before `now`'s day, oldest first. */
export function demoSeatHistory(
  members: readonly Member[],
  settings: Pick<SeatSettings, 'purchased' | 'graceDays' | 'exempt'>,
  now: Date,
  days: number,
): Array<{ day: Day; purchased: number | null; counts: SeatCounts }> {
  const out: Array<{ day: Day; purchased: number | null; counts: SeatCounts }> = [];
  for (let back = days; back >= 1; back--) {
    const then = new Date(now.getTime() - back * DAY_MS);
    const cut = then.toISOString();
    const present = members.flatMap((m) => {
      if (m.dateJoined && m.dateJoined > cut) return [];
      const clip = (at: string | null) => (at && at > cut ? cut : at);
      return [{ ...m, lastSeenAt: clip(m.lastSeenAt), lastLoggedInAt: clip(m.lastLoggedInAt) }];
    });
    out.push({
      day: addDays(toDay(now), -back),
      purchased: settings.purchased,
      counts: countSeats(present, settings, then),
    });
  }
  return out;
}
