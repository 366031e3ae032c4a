/**
 * Demo mode: the demo organization's members go into the store once per day (and its seat history once),
 * so seats are counted by the same SQL as a real organization's — and reclaiming works on them too.
 */
import { demoSeatHistory } from '../demo/demo-seats.js';
import type { InsightsSource } from '../domain/insights.js';
import { toDay } from '../domain/period.js';
import type { SeatSettings } from '../domain/seats.js';
import type { Logger } from '../logger.js';
import type { Db } from '../store/db.js';
import { createMembersRepo, memberKey } from '../store/members-repo.js';
import { createSeatHistoryRepo } from '../store/seat-history-repo.js';
import { createStatusRepo } from '../store/status-repo.js';

const SOURCE = 'demo-seats';
const HISTORY_DAYS = 90;

export function createDemoSeatsPreparer(deps: {
  db: Db;
  source: InsightsSource;
  settings: SeatSettings;
  logger: Logger;
}): { prepare(now: Date): Promise<void>; readonly ready: boolean } {
  const org = deps.source.org;
  let done = '';
  let pending: { day: string; work: Promise<void> } | null = null;

  async function load(day: string, now: Date): Promise<void> {
    await deps.db.withLock(
      SOURCE,
      async () => {
        const status = (await createStatusRepo(deps.db).list(org)).find((s) => s.source === SOURCE);
        if (status?.dataAsOf === day) return;
        const asOf = (await deps.source.dataAsOf(now)) ?? day;
        const { members } = await deps.source.load({ from: asOf, to: asOf }, now);
        const started = performance.now();
        await deps.db.transaction(async (tx) => {
          const repo = createMembersRepo(tx);
          await repo.upsert(org, members, 'demo', now);
          await repo.removeAllExcept(org, members.map(memberKey));
          const history = demoSeatHistory(members, deps.settings, now, HISTORY_DAYS);
          await createSeatHistoryRepo(tx).put(org, history, now);
          await createStatusRepo(tx).success(org, SOURCE, now, `${members.length} demo members`, day);
        });
        deps.logger.info(
          { members: members.length, ms: Math.round(performance.now() - started) },
          'demo seats ready',
        );
      },
      { wait: true },
    );
  }

  return {
    get ready() {
      return done !== '';
    },
    async prepare(now) {
      const day = toDay(now);
      if (done === day) return;
      if (pending?.day !== day) pending = { day, work: load(day, now) };
      const mine = pending;
      try {
        await mine.work;
        done = day;
      } finally {
        if (pending === mine) pending = null;
      }
    },
  };
}
