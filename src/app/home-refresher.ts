/**
 * Keeps recent visitors' Home tabs current when alerts change, within Slack's rate limit: views.publish
 * is Tier 4 (100+ calls a minute per workspace), shared with the users opening the tab. Changes are
 * coalesced: the first one arms a timer (`debounceMs`), the ones after it until the timer fires ride
 * along, and a change during a wave of publishes arms one more wave after it. Each wave publishes every
 * recent visitor once, at most `perMinute` publishes in any minute (the rest of the budget is left to
 * the tab being opened, which never waits).
 */
import type { Logger } from '../logger.js';

export interface HomeRefresher {
  /** An alert changed: every recent visitor's tab is published again, soon, once. */
  schedule(): void;
  /** Stops: the armed timer is cleared, a running wave stops before its next publish. */
  close(): Promise<void>;
}

export interface HomeRefresherDeps {
  /** Who gets a fresh tab: recent visitors, the most recent first. */
  visitors: () => Promise<string[]>;
  publish: (user: string) => Promise<void>;
  logger: Logger;
  /** How long changes are gathered before a wave (default 1 s). */
  debounceMs?: number;
  /** Background publishes in any minute (default 60 of Slack's 100+). */
  perMinute?: number;
  /** The clock the budget counts on, and its wait (tests pass a virtual one); default the wall clock. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const MINUTE = 60_000;

export function createHomeRefresher(deps: HomeRefresherDeps): HomeRefresher {
  const debounceMs = deps.debounceMs ?? 1000;
  const perMinute = deps.perMinute ?? 60;
  const sent: number[] = [];
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;
  const clock = deps.now ?? Date.now;
  const sleep =
    deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
  let markClosed = () => {};
  const closing = new Promise<void>((resolve) => {
    markClosed = resolve;
  });

  /** Waits until one more publish fits the last minute's budget (or the refresher closes). */
  async function budget(): Promise<void> {
    for (;;) {
      const now = clock();
      while (sent.length > 0 && (sent[0] ?? 0) <= now - MINUTE) sent.shift();
      if (closed || sent.length < perMinute) return;
      await Promise.race([sleep((sent[0] ?? now) + MINUTE - now), closing]);
    }
  }

  async function wave(): Promise<void> {
    let users: string[];
    try {
      users = await deps.visitors();
    } catch (err) {
      deps.logger.warn({ err }, 'could not list the Home tab visitors to refresh');
      return;
    }
    let published = 0;
    for (const user of users) {
      await budget();
      if (closed) return;
      sent.push(clock());
      try {
        await deps.publish(user);
        published += 1;
      } catch (err) {
        deps.logger.warn({ err, user }, 'refreshing a Home tab failed');
      }
    }
    if (published > 0) deps.logger.info({ published }, 'home tabs refreshed after an alert change');
    deps.logger.debug({ visitors: users.length, published }, 'home refresh wave done');
  }

  function start(): void {
    timer = null;
    running = wave().finally(() => {
      running = null;
      if (again && !closed) {
        again = false;
        arm();
      }
    });
  }

  function arm(): void {
    if (timer || closed) return;
    timer = setTimeout(start, debounceMs);
    timer.unref();
  }

  return {
    schedule() {
      if (closed) return;
      if (running) again = true;
      else arm();
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      markClosed();
      await running;
    },
  };
}
