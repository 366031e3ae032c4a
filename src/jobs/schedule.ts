import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../logger.js';

/** A scheduled job: a function of its dependencies and the time, so tests pass a fixed `now`. */
export interface Job<D> {
  name: string;
  cron: string;
  timezone: string;
  run(deps: D, now: Date): Promise<unknown>;
}

export interface Scheduler {
  /** Runs a job now, under the same lock as its schedule; undefined when another replica holds it. */
  runNow(name: string): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Starts every job of the table. A job never overlaps itself in this process (node-cron
 * `noOverlap`), and with several replicas on one PostgreSQL only the one holding the job's advisory
 * lock runs it.
 */
export function startScheduler<D>(
  jobs: Job<D>[],
  deps: D,
  context: {
    /** Runs `fn` only if this process gets the named lock (undefined otherwise): one replica at a time. */
    lock: <T>(name: string, fn: () => Promise<T>) => Promise<T | undefined>;
    logger: Logger;
    now: () => Date;
    /** False: nothing runs on the clock, only runNow (tests on a virtual clock). Default true. */
    schedule?: boolean;
  },
): Scheduler {
  const byName = new Map(jobs.map((j) => [j.name, j]));
  const run = async (job: Job<D>) => {
    const log = context.logger.child({ job: job.name });
    const started = performance.now();
    try {
      const result = await context.lock(`job:${job.name}`, () => job.run(deps, context.now()));
      log.info({ ms: Math.round(performance.now() - started) }, 'job finished');
      return result;
    } catch (err) {
      log.error({ err }, 'job failed');
      return undefined;
    }
  };
  for (const job of jobs) {
    if (!cron.validate(job.cron)) throw new Error(`job ${job.name}: "${job.cron}" is not a cron expression`);
  }
  const scheduled = context.schedule === false ? [] : jobs;
  const tasks: ScheduledTask[] = scheduled.map((job) =>
    cron.schedule(job.cron, () => run(job), { name: job.name, timezone: job.timezone, noOverlap: true }),
  );
  return {
    runNow(name) {
      const job = byName.get(name);
      if (!job) return Promise.reject(new Error(`no job named ${name}`));
      return run(job);
    },
    async stop() {
      for (const t of tasks) await t.destroy();
    },
  };
}
