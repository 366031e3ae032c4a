/** `serve`'s scheduled side: the jobs' view of the services, and the sync at start-up. */
import type { Scheduler } from '../jobs/schedule.js';
import type { JobServices } from '../jobs/table.js';
import type { Logger } from '../logger.js';
import type { OpenedServices } from '../services.js';

const HOUR = 3_600_000;

/** The jobs' view of the services: the `alerts` tick retries failed evaluations, then notifies. */
export function jobServices(s: OpenedServices): JobServices {
  return {
    digests: s.digests,
    sync: s.sync,
    async seatsTick(now) {
      await s.seats.snapshot(now);
      await s.seatReclaim.remind(now);
      return s.seatReports.run(now);
    },
    async alertsTick(now) {
      await s.rules.retry(now);
      return s.alerts.notify(now);
    },
  };
}

/**
 * At start: a full sync when the data is stale (else Docker's action catalog when it is a day old), then a
 * warning for SENSITIVE_ACTIONS entries that match nothing Docker logs.
 */
export async function startupSync(s: OpenedServices, scheduler: Scheduler, logger: Logger, now: Date) {
  try {
    const result = (await s.sync.isStale('hub-members', now, HOUR))
      ? await scheduler.runNow('sync')
      : await s.sync.run(now, { only: ['activity-actions'] });
    const unknown = await s.status.unknownSensitiveActions();
    if (unknown && unknown.length > 0) {
      logger.warn(
        { entries: unknown },
        "SENSITIVE_ACTIONS: these entries match no action in Docker's activity-log catalog; check their spelling",
      );
    }
    return result;
  } catch (err) {
    logger.error({ err }, 'start-up sync failed; the scheduled sync tries again');
    return undefined;
  }
}
