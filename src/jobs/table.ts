import { API_SOURCES, SCOUT_SOURCE } from '../app/sources/index.js';
import type { Job } from './schedule.js';

/** What the scheduled jobs call: the use cases, from the composition root. */
export interface JobServices {
  digests: { run(now: Date): Promise<unknown> };
  /** Seats: today's snapshot (hourly), seat reports that are due, reminders of unanswered asks. */
  seatsTick(now: Date): Promise<unknown>;
  /** Evaluations that failed before, then repeats, silences that ended, stale messages. */
  alertsTick(now: Date): Promise<unknown>;
  sync: {
    readonly sources: readonly string[];
    run(now: Date, options: { only: readonly string[] }): Promise<unknown>;
  };
}

/**
 * The scheduled jobs: one table, each a function of (services, now). To add one: an entry here (name,
 * cron, when it applies, run); the scheduler (./schedule.ts) runs it under a lock named after it.
 */
interface JobEntry extends Omit<Job<JobServices>, 'timezone' | 'cron'> {
  cron: string | ((settings: JobSettings) => string);
  /** Only with this configuration (e.g. a Docker token for the API syncs). */
  when?: (s: JobServices) => boolean;
}

export interface JobSettings {
  timezone: string;
  syncCron: string;
  activitySyncCron: string;
}

const JOBS: JobEntry[] = [
  // Every minute: cheap when nothing is due; a digest goes out at (or just after) its local time.
  { name: 'digest', cron: '* * * * *', run: (s, now) => s.digests.run(now) },
  // Cheap when nothing is due; a seat report goes out at (or just after) its channel's local time.
  { name: 'seats', cron: '* * * * *', run: (s, now) => s.seatsTick(now) },
  // Repeats, silences that ended, messages that went stale while silenced, failed evaluations.
  { name: 'alerts', cron: '* * * * *', run: (s, now) => s.alertsTick(now) },
  {
    name: 'sync',
    cron: (c) => c.syncCron,
    when: (s) => s.sync.sources.includes('hub-members'),
    run: (s, now) => s.sync.run(now, { only: API_SOURCES }),
  },
  {
    name: 'sync-activity',
    cron: (c) => c.activitySyncCron,
    when: (s) => s.sync.sources.includes('activity-log'),
    run: (s, now) => s.sync.run(now, { only: ['activity-log'] }),
  },
  // Every 10 minutes; the Scout source itself polls only when the last scrape is about an hour old.
  {
    name: 'scout',
    cron: '*/10 * * * *',
    when: (s) => s.sync.sources.includes(SCOUT_SOURCE),
    run: (s, now) => s.sync.run(now, { only: [SCOUT_SOURCE] }),
  },
];

/** The jobs this configuration runs, with the configured schedules and time zone. */
export function scheduledJobs(services: JobServices, settings: JobSettings): Job<JobServices>[] {
  return JOBS.filter((j) => j.when?.(services) ?? true).map((j) => ({
    name: j.name,
    cron: typeof j.cron === 'string' ? j.cron : j.cron(settings),
    timezone: settings.timezone,
    run: j.run,
  }));
}
