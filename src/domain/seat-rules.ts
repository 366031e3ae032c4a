/**
 * Seat alerts (docker/roadmap #898, #392: "tell us before the seats run out"): "Seats nearly full" while used
 * seats (members + pending invites) are at SEATS_ALERT_PERCENT of DOCKER_SEATS or more, "Over seats" while
 * more are used than bought. One alert each for the organization; it resolves when the condition clears.
 */
import type { Evaluation, Finding } from './alerts.js';
import { adminConsoleUrl } from './drift-rules.js';
import { formatCount, formatPercent } from './format.js';
import { formatMoney } from './seat-summary.js';
import { idleSeats, type SeatCounts, type SeatSettings, usedSeats } from './seats.js';

export const SEAT_RULES = { nearlyFull: 'seats.nearly-full', over: 'seats.over' } as const;

type Settings = Pick<SeatSettings, 'purchased' | 'alertPercent' | 'pricePerMonth'>;

function facts(c: SeatCounts, s: Settings, purchased: number): Array<[string, string]> {
  const idle = idleSeats(c);
  const out: Array<[string, string]> = [
    [
      'Used',
      `${formatCount(usedSeats(c))} of ${formatCount(purchased)} (${formatPercent(usedSeats(c) / purchased)})`,
    ],
    ['Members', formatCount(c.members)],
    ['Pending invites', formatCount(c.invites)],
    ['Idle 30+ days or never active', formatCount(idle)],
  ];
  if (s.pricePerMonth) out.push(['Idle seats cost', `${formatMoney(idle * s.pricePerMonth)} a month`]);
  return out;
}

const ADVICE =
  'Reclaim idle seats (`/insights seats ask 60d`, then `/insights seats reclaim`), withdraw stale invites, or buy more seats in Docker Billing (then raise DOCKER_SEATS).';

/** The `seats.nearly-full` evaluation; null without DOCKER_SEATS (nothing to judge). */
export function nearlyFullFindings(c: SeatCounts, s: Settings, org: string): Evaluation | null {
  if (!s.purchased) return null;
  const findings: Finding[] = [];
  if (usedSeats(c) * 100 >= s.alertPercent * s.purchased) {
    const free = Math.max(0, s.purchased - usedSeats(c));
    findings.push({
      rule: SEAT_RULES.nearlyFull,
      entity: `org:${org}`,
      severity: 'medium',
      title: `Seats nearly full: ${formatCount(usedSeats(c))} of ${formatCount(s.purchased)} Docker Business seats used, ${formatCount(free)} free`,
      facts: facts(c, s, s.purchased),
      advice: ADVICE,
      link: adminConsoleUrl(org, 'members'),
    });
  }
  return { rule: SEAT_RULES.nearlyFull, findings };
}

/** The `seats.over` evaluation; null without DOCKER_SEATS. */
export function overSeatsFindings(c: SeatCounts, s: Settings, org: string): Evaluation | null {
  if (!s.purchased) return null;
  const findings: Finding[] = [];
  const over = usedSeats(c) - s.purchased;
  if (over > 0) {
    findings.push({
      rule: SEAT_RULES.over,
      entity: `org:${org}`,
      severity: 'high',
      title: `Over seats: ${formatCount(usedSeats(c))} seats used, ${formatCount(over)} more than the ${formatCount(s.purchased)} bought`,
      facts: facts(c, s, s.purchased),
      advice: ADVICE,
      link: adminConsoleUrl(org, 'members'),
    });
  }
  return { rule: SEAT_RULES.over, findings };
}
