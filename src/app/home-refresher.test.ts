import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { until } from '../../test/support/until.js';
import { createLogger } from '../logger.js';
import { createHomeRefresher } from './home-refresher.js';

/** A real pino logger into memory: the waves are counted from its lines. */
function logs() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}

const deferred = () => {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

describe('the Home tab refresher', () => {
  it('coalesces a burst of alert changes into one republish per recent visitor', async () => {
    const { lines, logger } = logs();
    const published: string[] = [];
    const refresher = createHomeRefresher({
      visitors: async () => ['U1', 'U2', 'U3'],
      publish: async (user) => {
        published.push(user);
      },
      logger,
      debounceMs: 5,
    });
    for (let i = 0; i < 10; i++) refresher.schedule();
    const waves = () => lines.filter((l) => l.includes('home refresh wave done')).length;
    await until('one wave', () => waves() === 1);
    expect(published).toEqual(['U1', 'U2', 'U3']);
    await refresher.close();
  });

  it('runs one more wave for changes made while a wave is publishing', async () => {
    const { lines, logger } = logs();
    const published: string[] = [];
    const gate = deferred();
    const refresher = createHomeRefresher({
      visitors: async () => ['U1', 'U2'],
      publish: async (user) => {
        published.push(user);
        if (published.length === 1) await gate.promise;
      },
      logger,
      debounceMs: 5,
    });
    refresher.schedule();
    await until('the first publish', () => published.length === 1);
    refresher.schedule();
    refresher.schedule();
    gate.resolve();
    const waves = () => lines.filter((l) => l.includes('home refresh wave done')).length;
    await until('two waves', () => waves() === 2);
    expect(published).toEqual(['U1', 'U2', 'U1', 'U2']);
    await refresher.close();
  });

  it('keeps background publishes within its budget a minute', async () => {
    const { logger } = logs();
    let now = 0;
    const published: Array<[string, number]> = [];
    const refresher = createHomeRefresher({
      visitors: async () => ['U1', 'U2', 'U3'],
      publish: async (user) => {
        published.push([user, now]);
      },
      logger,
      debounceMs: 5,
      perMinute: 2,
      // A virtual minute: the wait moves the clock instead of taking time.
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    refresher.schedule();
    await until('three publishes', () => published.length === 3);
    expect(published).toEqual([
      ['U1', 0],
      ['U2', 0],
      ['U3', 60_000],
    ]);
    await refresher.close();
  });

  it('stops waiting for the budget when closed', async () => {
    const { logger } = logs();
    const published: string[] = [];
    let waiting = false;
    const refresher = createHomeRefresher({
      visitors: async () => ['U1', 'U2', 'U3'],
      publish: async (user) => {
        published.push(user);
      },
      logger,
      debounceMs: 5,
      perMinute: 2,
      now: () => 0,
      // A wait that never ends by itself.
      sleep: () => {
        waiting = true;
        return new Promise(() => {});
      },
    });
    refresher.schedule();
    await until('the wait for the third', () => waiting);
    await refresher.close();
    expect(published).toEqual(['U1', 'U2']);
  });
});
