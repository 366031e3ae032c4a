/**
 * The alert rules that read the store, as one table: each rule names what it reads and evaluates that
 * data with a pure function of src/domain/. When a source or an import changes an input, the rules that
 * read it run again, from what the store holds now. To add a rule: see src/app/README.md.
 */
import { ACTIVITY_RULE, catalogLabels, sensitiveActivityFindings } from '../domain/activity-rules.js';
import type { Evaluation } from '../domain/alerts.js';
import type { ComplianceRecord } from '../domain/compliance.js';
import {
  complianceFindings,
  DRIFT_RULES,
  desktopVersionFindings,
  policyChangeFindings,
} from '../domain/drift-rules.js';
import type { Member } from '../domain/insights.js';
import {
  policyFindings,
  SCOUT_RULES,
  type ScoutMetrics,
  type VulnerabilityWatch,
  vulnerabilityFindings,
} from '../domain/scout-rules.js';
import { nearlyFullFindings, overSeatsFindings, SEAT_RULES } from '../domain/seat-rules.js';
import type { SeatCounts, SeatSettings } from '../domain/seats.js';
import type { Logger } from '../logger.js';
import { type ActivityEvent, createActivityRepo } from '../store/activity-repo.js';
import { createAuditActionsRepo } from '../store/audit-actions-repo.js';
import { createComplianceRepo } from '../store/compliance-repo.js';
import type { Queryable } from '../store/db.js';
import { createMembersRepo } from '../store/members-repo.js';
import { createScoutRepo } from '../store/scout-repo.js';
import { createSeatsRepo } from '../store/seats-repo.js';
import type { AlertEngine } from './alert-engine.js';

/** What a source or an import changed in the store: each re-evaluates the rules that read it. */
export type RuleInput = 'compliance' | 'members' | 'activity' | 'scout' | 'seats';

/** What the rules read; only the inputs of the rules that run are loaded (the rest stay empty). */
export interface RuleData {
  compliance: ComplianceRecord[];
  members: Member[];
  /** The last week of the activity log: older events are history, not news. */
  activity: ActivityEvent[];
  /** Docker's label per activity action (lowercase), from its catalog. */
  actionLabels: ReadonlyMap<string, string>;
  /** The latest Scout exporter scrape and the vulnerability levels watched since; null before one. */
  scout: { metrics: ScoutMetrics; watches: VulnerabilityWatch[] } | null;
  /** The organization's seat counts now (counted in SQL); null when seats are not configured. */
  seats: SeatCounts | null;
}

/** The configuration the rules read. */
export interface RuleSettings {
  org: string;
  minDesktopVersion?: string;
  sensitiveActions: readonly string[];
  /** The seat settings; without DOCKER_SEATS the seat rules have nothing to judge. */
  seats?: SeatSettings;
}

export interface Rule {
  rule: string;
  /** Runs again when one of these changes, with them loaded. */
  reads: readonly RuleInput[];
  /** The rule's findings now; null when it has nothing to judge (the rule is off, or no data yet). */
  evaluate(data: RuleData, settings: RuleSettings, now: Date): Evaluation | null;
}

export const RULES: readonly Rule[] = [
  {
    rule: DRIFT_RULES.compliance,
    reads: ['compliance'],
    evaluate: (d, s) => complianceFindings(d.compliance, s.org),
  },
  {
    rule: DRIFT_RULES.desktopVersion,
    reads: ['compliance', 'members'],
    evaluate: (d, s) =>
      s.minDesktopVersion
        ? desktopVersionFindings(d.members, d.compliance, s.minDesktopVersion, s.org)
        : null,
  },
  {
    rule: DRIFT_RULES.policyChange,
    reads: ['activity'],
    evaluate: (d, s) => policyChangeFindings(d.activity, s.org),
  },
  {
    rule: ACTIVITY_RULE,
    reads: ['activity'],
    evaluate: (d, s) => sensitiveActivityFindings(d.activity, s.sensitiveActions, s.org, d.actionLabels),
  },
  {
    rule: SCOUT_RULES.policy,
    reads: ['scout'],
    evaluate: (d, s) => (d.scout ? policyFindings(d.scout.metrics, s.org) : null),
  },
  {
    rule: SCOUT_RULES.vulnerabilities,
    reads: ['scout'],
    evaluate: (d, s) =>
      d.scout ? vulnerabilityFindings(d.scout.metrics.vulnerabilities, d.scout.watches, s.org) : null,
  },
  {
    rule: SEAT_RULES.nearlyFull,
    reads: ['seats'],
    evaluate: (d, s) => (d.seats && s.seats ? nearlyFullFindings(d.seats, s.seats, s.org) : null),
  },
  {
    rule: SEAT_RULES.over,
    reads: ['seats'],
    evaluate: (d, s) => (d.seats && s.seats ? overSeatsFindings(d.seats, s.seats, s.org) : null),
  },
];

/** Events older than this are history, not news (a first sync reads 90 days of log). */
const EVENTS_SINCE = { kind: 'ago', amount: 7, unit: 'd' } as const;

type Loader = (db: Queryable, org: string, now: Date, settings: RuleSettings) => Promise<Partial<RuleData>>;

const LOADERS: Record<RuleInput, Loader> = {
  compliance: async (db, org) => ({ compliance: await createComplianceRepo(db).list(org) }),
  members: async (db, org) => ({ members: await createMembersRepo(db).list(org) }),
  async activity(db, org, now) {
    const activity: ActivityEvent[] = [];
    for await (const page of createActivityRepo(db).search(org, { since: EVENTS_SINCE }, { now })) {
      activity.push(...page);
    }
    return { activity, actionLabels: catalogLabels(await createAuditActionsRepo(db).list(org)) };
  },
  async scout(db, org) {
    const repo = createScoutRepo(db);
    const scrape = await repo.latestScrape(org);
    return { scout: scrape ? { metrics: scrape.metrics, watches: await repo.watches(org) } : null };
  },
  async seats(db, org, now, settings) {
    if (!settings.seats?.purchased) return { seats: null };
    return { seats: await createSeatsRepo(db).counts(org, settings.seats, now) };
  },
};

const EMPTY: RuleData = {
  compliance: [],
  members: [],
  activity: [],
  actionLabels: new Map(),
  scout: null,
  seats: null,
};

/** The evaluations of every rule that reads one of `changed`, from the store as it is now. */
export async function evaluateRules(
  db: Queryable,
  settings: RuleSettings,
  changed: ReadonlySet<RuleInput>,
  now: Date,
  rules: readonly Rule[] = RULES,
): Promise<Evaluation[]> {
  const due = rules.filter((r) => r.reads.some((input) => changed.has(input)));
  const inputs = new Set(due.flatMap((r) => r.reads));
  const data: RuleData = { ...EMPTY };
  for (const input of inputs) Object.assign(data, await LOADERS[input](db, settings.org, now, settings));
  return due.flatMap((r) => r.evaluate(data, settings, now) ?? []);
}

/** Runs the rules after a change; a failed run is kept and tried again by `retry` (the `alerts` tick). */
export interface RuleRunner {
  changed(inputs: Iterable<RuleInput>, now: Date): Promise<{ opened: number; resolved: number }>;
  retry(now: Date): Promise<void>;
}

/**
 * Alerts are derived from the stored data, so a failed evaluation loses nothing: what changed is kept
 * and evaluated again by the next change or the next `alerts` tick.
 */
export function createRuleRunner(deps: {
  db: Queryable;
  settings: RuleSettings;
  engine: Pick<AlertEngine, 'evaluate'>;
  logger: Logger;
}): RuleRunner {
  const pending = new Set<RuleInput>();
  const run = async (inputs: Iterable<RuleInput>, now: Date) => {
    const changed = new Set([...pending, ...inputs]);
    if (changed.size === 0) return { opened: 0, resolved: 0 };
    pending.clear();
    try {
      const evaluations = await evaluateRules(deps.db, deps.settings, changed, now);
      const run = await deps.engine.evaluate(evaluations, now);
      return { opened: run.opened, resolved: run.resolved };
    } catch (err) {
      for (const input of changed) pending.add(input);
      deps.logger.error({ err }, 'alert evaluation failed; it is retried on the next alerts tick');
      return { opened: 0, resolved: 0 };
    }
  };
  return {
    changed: run,
    async retry(now) {
      await run([], now);
    },
  };
}
