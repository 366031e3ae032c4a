/**
 * The seat report of each `seats` subscription: queued once per period (Monday or the 1st, at the channel's
 * digest time and zone), like the digest — the delivery queue's unique key `seats-report:<channel>:<day>`
 * decides, so a second run, a restart or a second replica queues nothing twice.
 */
import { duePeriod, previousPeriodStart, type SeatReport } from '../domain/seat-report.js';
import { idleSeats, usedSeats } from '../domain/seats.js';
import type { Logger } from '../logger.js';
import { seatReportMessage } from '../render/seat-report-blocks.js';
import type { Queryable } from '../store/db.js';
import { createSeatHistoryRepo } from '../store/seat-history-repo.js';
import type { DeliveryQueue } from './delivery-queue.js';
import type { Seats } from './seats.js';
import type { Subscriptions } from './subscriptions.js';

/** The longest idle members a report names (in a private channel). */
const REPORT_NAMES = 10;

export const seatReportKey = (channel: string, day: string) => `seats-report:${channel}:${day}`;

export interface SeatReports {
  /** Queues the reports that are due; returns the channels queued now. */
  run(now: Date): Promise<{ queued: string[] }>;
}

export function createSeatReports(deps: {
  db: Queryable;
  seats: Pick<Seats, 'org' | 'demo' | 'summary' | 'idle'>;
  subscriptions: Pick<Subscriptions, 'list'>;
  queue: Pick<DeliveryQueue, 'enqueue' | 'queued'>;
  logger: Logger;
}): SeatReports {
  const history = createSeatHistoryRepo(deps.db);
  return {
    async run(now) {
      const subs = await deps.subscriptions.list('seats');
      // Every minute: nothing more to read while no channel takes the report.
      if (!subs.some((sub) => sub.options.report)) return { queued: [] };
      const digests = await deps.subscriptions.list('digest');
      const due = subs.flatMap((sub) => {
        const report = sub.options.report;
        if (!report) return [];
        // The channel's digest time and zone, as they are now; else the ones stored when it subscribed.
        const digest = digests.find((d) => d.channel === sub.channel)?.options;
        const schedule = { ...report, ...(digest ? { at: digest.at, timeZone: digest.timeZone } : {}) };
        const period = duePeriod(now, schedule, sub.createdAt);
        return period ? [{ sub, cadence: report.cadence, day: period.day }] : [];
      });
      if (due.length === 0) return { queued: [] };
      const done = await deps.queue.queued(due.map((d) => seatReportKey(d.sub.channel, d.day)));
      const waiting = due.filter((d) => !done.has(seatReportKey(d.sub.channel, d.day)));
      if (waiting.length === 0) return { queued: [] };

      const summary = await deps.seats.summary(now);
      const names = waiting.some((d) => d.sub.options.names)
        ? (await deps.seats.idle(now, REPORT_NAMES)).members
        : null;
      const queued: string[] = [];
      for (const { sub, cadence, day } of waiting) {
        const before = await history.onOrBefore(deps.seats.org, previousPeriodStart(day, cadence));
        const report: SeatReport = {
          org: deps.seats.org,
          cadence,
          day,
          summary,
          baseline: before
            ? {
                day: before.day,
                used: usedSeats(before.counts),
                purchased: before.purchased,
                idle: idleSeats(before.counts),
              }
            : null,
          idle: sub.options.names ? names : null,
          demo: deps.seats.demo,
        };
        const { text, blocks } = seatReportMessage(report);
        const fresh = await deps.queue.enqueue(seatReportKey(sub.channel, day), {
          kind: 'message',
          channel: sub.channel,
          text,
          blocks,
        });
        if (fresh) queued.push(sub.channel);
      }
      if (queued.length > 0) deps.logger.info({ queued: queued.length }, 'seat reports queued');
      return { queued };
    },
  };
}
