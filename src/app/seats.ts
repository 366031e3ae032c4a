/**
 * Seats (docs/seats.md): counts, the idle list, the `seats` chart, the daily snapshot and exemptions. Every
 * count is one SQL aggregate (src/store/seats-sql.ts), so a 100,000-member organization never crosses the
 * driver. In demo mode `prepare` first writes the demo organization's members into the store (once per day).
 */
import type { ChartView } from '../domain/insights.js';
import { type Period, periodRange, toDay } from '../domain/period.js';
import type { IdleMember, SeatRecord } from '../domain/seat-records.js';
import { type SeatSummary, seatSummary } from '../domain/seat-summary.js';
import { exemptByConfig, type SeatSettings } from '../domain/seats.js';
import { buildSeatsChart, type SEATS_CHART } from '../domain/seats-chart.js';
import type { Logger } from '../logger.js';
import { createAuditLog } from '../store/audit-repo.js';
import type { Db } from '../store/db.js';
import { createSeatHistoryRepo } from '../store/seat-history-repo.js';
import { createSeatRecordsRepo } from '../store/seat-records-repo.js';
import { createSeatsRepo } from '../store/seats-repo.js';
import type { RuleRunner } from './rules.js';

/** How often the daily snapshot of today is refreshed (and the seat rules re-run) without a sync. */
const SNAPSHOT_EVERY_MS = 3_600_000;

export type ExemptOutcome =
  | { outcome: 'exempted' | 'already' | 'unexempted' | 'not-exempt'; username: string }
  | { outcome: 'by-setting'; username: string }
  | { outcome: 'unknown' };

export interface Seats {
  readonly org: string;
  readonly settings: SeatSettings;
  /** The built-in demo organization's seats. */
  readonly demo: boolean;
  summary(now: Date): Promise<SeatSummary>;
  /** The longest idle first (names: admins only), and how many idle seats there are in all. */
  idle(now: Date, limit: number): Promise<{ members: IdleMember[]; total: number }>;
  /** The counts and the `seats` chart for the period ending today, from one count. */
  overview(
    period: Period,
    now: Date,
  ): Promise<{ summary: SeatSummary; chart: ChartView<typeof SEATS_CHART> }>;
  /** The scheduled tick: today's snapshot at most hourly, then the seat rules. */
  snapshot(now: Date, options?: { force?: boolean }): Promise<boolean>;
  /** `who`: a Docker username or a member's email. Audited. */
  exempt(who: string, by: string, now: Date): Promise<ExemptOutcome>;
  unexempt(who: string, by: string, now: Date): Promise<ExemptOutcome>;
  exemptions(): Promise<Array<{ username: string; by: string; at: Date }>>;
  /** Readies the store (demo mode: the demo organization's members); every read does it first. */
  prepare(now: Date): Promise<void>;
  /** Every member and pending invite with its status and reclaim state, a page at a time (the export). */
  records(now: Date): AsyncGenerator<SeatRecord[]>;
}

export interface SeatsDeps {
  db: Db;
  org: string;
  settings: SeatSettings;
  demo: boolean;
  rules: Pick<RuleRunner, 'changed'>;
  logger: Logger;
  /** Runs before any read (the demo organization's members go into the store); default none. */
  prepare?: (now: Date) => Promise<void>;
  /**
   * Demo mode: false until someone used seats, so the scheduled snapshot does not load the demo organization
   * into the store on its own.
   */
  inUse?: () => boolean;
}

export function createSeats(deps: SeatsDeps): Seats {
  const { db, org, settings } = deps;
  const repo = createSeatsRepo(db);
  const history = createSeatHistoryRepo(db);
  const prepare = deps.prepare ?? (async () => undefined);
  let snapshotAt = 0;

  const counts = async (now: Date) => {
    await prepare(now);
    return repo.counts(org, settings, now);
  };

  const audited = (action: string, target: string, by: string, now: Date, detail: object = {}) =>
    db.transaction((tx) => createAuditLog(tx).record({ at: now, actor: by, action, target, detail }));

  return {
    org,
    settings,
    demo: deps.demo,
    async summary(now) {
      return seatSummary(org, await counts(now), settings, deps.demo);
    },
    async idle(now, limit) {
      await prepare(now);
      return repo.idle(org, settings, now, limit);
    },
    async overview(period, now) {
      const today = toDay(now);
      // Counted first: in demo mode that writes the history too.
      const current = await counts(now);
      const past = await history.range(org, periodRange(period, today).from, today);
      const chart = buildSeatsChart({
        org,
        period,
        today,
        counts: current,
        history: past.filter((s) => s.day < today),
        settings,
        demo: deps.demo,
      });
      return { summary: seatSummary(org, current, settings, deps.demo), chart };
    },
    async snapshot(now, options = {}) {
      if (!options.force && now.getTime() - snapshotAt < SNAPSHOT_EVERY_MS) return false;
      if (deps.inUse && !deps.inUse()) return false;
      await prepare(now);
      await history.record(org, toDay(now), settings.purchased, settings, now);
      snapshotAt = now.getTime();
      await deps.rules.changed(['seats'], now);
      return true;
    },
    async exempt(who, by, now) {
      await prepare(now);
      const member = await repo.findMember(org, who);
      if (!member) return { outcome: 'unknown' };
      const fresh = await repo.exempt(org, member.username, by, now);
      if (fresh) await audited('seats.exempt', member.username, by, now);
      return { outcome: fresh ? 'exempted' : 'already', username: member.username };
    },
    async unexempt(who, by, now) {
      await prepare(now);
      const member = await repo.findMember(org, who);
      const username = member?.username ?? who;
      const removed = await repo.unexempt(org, username);
      if (removed) {
        await audited('seats.unexempt', username, by, now);
        return { outcome: 'unexempted', username };
      }
      if (member && exemptByConfig({ username, teams: await teamsOf(username) }, settings.exempt)) {
        return { outcome: 'by-setting', username };
      }
      return member ? { outcome: 'not-exempt', username } : { outcome: 'unknown' };
    },
    exemptions: () => repo.exemptions(org),
    prepare,
    async *records(now) {
      await prepare(now);
      yield* createSeatRecordsRepo(db).pages(org, settings, now);
    },
  };

  async function teamsOf(username: string): Promise<string[]> {
    return (await repo.memberTeams(org, username)) ?? [];
  }
}
