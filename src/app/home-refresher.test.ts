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

  it('keeps background publishes within its budget a minute, and stops waiting when closed', async () => {
    const { logger } = logs();
    const published: string[] = [];
    const refresher = createHomeRefresher({
      visitors: async () => ['U1', 'U2', 'U3'],
      publish: async (user) => {
        published.push(user);
      },
      logger,
      debounceMs: 5,
      perMinute: 2,
    });
    refresher.schedule();
    await until('two publishes', () => published.length === 2);
    // The third waits for the minute to pass; closing ends the wait without publishing.
    await refresher.close();
    expect(published).toEqual(['U1', 'U2']);
  });
});
