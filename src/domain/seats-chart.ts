/**
 * The `seats` chart, drawn like the six Insights charts (src/render/): seat use per day over the period —
 * active, new or exempt, idle and invited seats stacked, with the purchased seats as a dashed line — and
 * the headline figures. Days come from the daily snapshots; today is counted live.
 */
import { formatCount, formatPercent } from './format.js';
import { type ChartView, DEMO_LABEL, type Figure, type Graph } from './insights.js';
import { type Day, daysBetween, PERIOD_LABEL, type Period, periodRange } from './period.js';
import { formatMoney } from './seat-summary.js';
import { idleSeats, type SeatCounts, type SeatSettings, usedSeats } from './seats.js';

export const SEATS_CHART = 'seats';
export const SEATS_TITLE = 'Docker Business seats';

/** Same colours in every seats image: active blue, protected light blue, idle amber, invites grey. */
const COLORS = {
  active: '#1D63ED',
  protectedSeats: '#8DB1F7',
  idle: '#E08600',
  invites: '#7A8494',
  purchased: '#111827',
};

export interface SeatDay {
  day: Day;
  purchased: number | null;
  counts: SeatCounts;
}

/** The image's headline figures (four fit at Slack's size); the message lists every count. */
function figures(today: SeatCounts, settings: Pick<SeatSettings, 'purchased' | 'pricePerMonth'>): Figure[] {
  const used = usedSeats(today);
  const out: Figure[] = [];
  if (settings.purchased) {
    out.push({ label: 'Seats used', value: `${formatCount(used)} of ${formatCount(settings.purchased)}` });
    out.push({ label: 'Utilization', value: formatPercent(used / settings.purchased) });
  } else {
    out.push({ label: 'Seats used', value: formatCount(used) });
  }
  out.push({ label: 'Idle seats (30+ days)', value: formatCount(idleSeats(today)) });
  if (settings.pricePerMonth) {
    out.push({
      label: 'Idle seats cost a month',
      value: formatMoney(idleSeats(today) * settings.pricePerMonth),
    });
  } else {
    out.push({ label: 'Active in 30 days', value: formatCount(today.active) });
  }
  return out;
}

export function buildSeatsChart(input: {
  org: string;
  period: Period;
  /** Today (UTC): the live counts' day and the period's last day. */
  today: Day;
  counts: SeatCounts;
  history: SeatDay[];
  settings: Pick<SeatSettings, 'purchased' | 'pricePerMonth'>;
  demo: boolean;
}): ChartView<typeof SEATS_CHART> {
  const { from, to } = periodRange(input.period, input.today);
  const days = daysBetween(from, to);
  const byDay = new Map(input.history.map((d) => [d.day, d]));
  byDay.set(input.today, { day: input.today, purchased: input.settings.purchased, counts: input.counts });
  // Days before the first snapshot are left out rather than drawn as zero seats.
  const first = days.findIndex((d) => byDay.has(d));
  const shown = first < 0 ? [input.today] : days.slice(first);
  const at = (day: Day) => byDay.get(day);
  const series = (pick: (c: SeatCounts) => number) =>
    shown.map((d) => {
      const s = at(d);
      return s ? pick(s.counts) : 0;
    });
  const graph: Graph = {
    kind: 'stacked-bar',
    title: 'Seat use per day',
    labels: shown,
    yLabel: 'Seats',
    series: [
      { name: 'Active', values: series((c) => c.active), color: COLORS.active },
      { name: 'New or exempt', values: series((c) => c.newMembers + c.exempt), color: COLORS.protectedSeats },
      { name: 'Idle 30+ days', values: series(idleSeats), color: COLORS.idle },
      { name: 'Invites', values: series((c) => c.invites), color: COLORS.invites },
    ],
  };
  if (input.settings.purchased) {
    graph.lines = [
      {
        name: 'Purchased',
        values: shown.map((d) => at(d)?.purchased ?? input.settings.purchased ?? 0),
        color: COLORS.purchased,
      },
    ];
  }
  const figs = figures(input.counts, input.settings);
  const periodLabel = PERIOD_LABEL[input.period];
  const phrases = figs.map((f) => `${f.label} ${f.value}`).join(', ');
  return {
    chart: SEATS_CHART,
    title: SEATS_TITLE,
    org: input.org,
    period: input.period,
    periodLabel,
    from,
    to,
    asOf: input.today,
    figures: figs,
    graphs: [graph],
    missing: input.settings.purchased
      ? null
      : 'Set DOCKER_SEATS to the seats bought to see the purchased line and utilization.',
    summary: `${input.demo ? `${DEMO_LABEL} · ` : ''}${SEATS_TITLE} · ${periodLabel} · ${phrases} · as of ${input.today} (${input.org})`,
    demo: input.demo,
    kicker: 'Optimized license use',
  };
}
