import { setTimeout as delay } from 'node:timers/promises';

/**
 * Resolves with the first truthy value `check` returns, checking every 10 ms: for a condition that
 * no event announces (a row another process commits, a process that has exited). Fails after `timeoutMs`.
 */
export async function until<T>(
  what: string,
  check: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(10);
  }
}
