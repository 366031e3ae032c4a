import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { startScheduler } from './schedule.js';

const context = {
  lock: <T>(_name: string, fn: () => Promise<T>) => fn(),
  logger: createLogger({ level: 'silent' }),
  now: () => new Date('2026-11-21T08:00:00Z'),
};
const job = (name: string) => ({
  name,
  cron: '* * * * *',
  timezone: 'UTC',
  run: async (_deps: unknown, now: Date) => now.toISOString(),
});
const scheduledNames = () => [...cron.getTasks().values()].map((t) => t.name);

describe('startScheduler', () => {
  it('puts every job on the clock, and takes them off at stop', async () => {
    const scheduler = startScheduler([job('on-the-clock')], {}, context);
    expect(scheduledNames()).toContain('on-the-clock');
    await scheduler.stop();
    expect(scheduledNames()).not.toContain('on-the-clock');
  });

  it('with schedule: false, runs a job only when asked (a test on its own clock)', async () => {
    const scheduler = startScheduler([job('asked-only')], {}, { ...context, schedule: false });
    expect(scheduledNames()).not.toContain('asked-only');
    expect(await scheduler.runNow('asked-only')).toBe('2026-11-21T08:00:00.000Z');
    await expect(scheduler.runNow('nope')).rejects.toThrow('no job named nope');
    await scheduler.stop();
  });

  it('refuses a job whose cron expression is not one', () => {
    expect(() => startScheduler([{ ...job('bad'), cron: 'every minute' }], {}, context)).toThrow(
      'job bad: "every minute" is not a cron expression',
    );
  });
});
