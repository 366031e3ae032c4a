/**
 * What `/insights status` shows: each data source's state from the store, with how to turn it on, plus
 * hints from the data (old Desktops, opt-outs), setup problems (SENSITIVE_ACTIONS entries Docker never
 * logs) and Slack posts that were given up.
 */
import { unknownActions } from '../domain/activity-rules.js';
import { type DeliveryHealth, deliveryHealth } from '../domain/delivery.js';
import type { SourceLine, StatusView } from '../domain/status.js';
import { pausedBecause } from '../domain/subscriptions.js';
import { createAuditActionsRepo } from '../store/audit-actions-repo.js';
import type { Queryable } from '../store/db.js';
import { createMembersRepo } from '../store/members-repo.js';
import { createPointsRepo } from '../store/points-repo.js';
import { createStatusRepo, type SourceStatus } from '../store/status-repo.js';
import { createSubscriptionsRepo } from '../store/subscriptions-repo.js';
import type { DeliveryQueue } from './delivery-queue.js';
import type { Siem } from './siem.js';
import { SOURCES, type SourceContext } from './sources/index.js';

const IMPORTS = [
  { source: 'import:desktop-users', label: 'Import: Docker Desktop users export' },
  { source: 'import:hub-members', label: 'Import: Hub members export' },
  { source: 'import:compliance', label: 'Import: Settings compliance report' },
  {
    source: 'import:insights',
    label: 'Import: Insights snapshot (builds, containers, OS, interface, extensions)',
  },
] as const;

export interface Status {
  view(): Promise<StatusView>;
  /** The delivery queue's backlog and whether it is stalled (also part of `view()`), for `/healthz`. */
  delivery(): Promise<DeliveryHealth>;
  /**
   * The SENSITIVE_ACTIONS entries that match no action of Docker's stored catalog (typos); null while no
   * catalog has been fetched (no Hub API, or before the first sync).
   */
  unknownSensitiveActions(): Promise<string[] | null>;
}

export function createStatus(deps: {
  db: Queryable;
  org: string;
  demo: boolean;
  /** What the sources' `configured()` read. */
  sources: Pick<SourceContext, 'docker' | 'scout'>;
  importDir?: string;
  sensitiveActions: readonly string[];
  queue: Pick<DeliveryQueue, 'failures' | 'backlog'>;
  siem: Pick<Siem, 'states'>;
  /** The queue's clock: its due times are wall-clock times. */
  wallClock: () => Date;
  /** Past this wait the delivery counts as stalled. */
  stallMs: number;
  /** The source's latest data day (the demo organization has one though nothing is synced). */
  dataAsOf?: () => Promise<string | null>;
}): Status {
  const delivery = async () => deliveryHealth(await deps.queue.backlog(), deps.wallClock(), deps.stallMs);
  const unknownSensitiveActions = async () => {
    const catalog = await createAuditActionsRepo(deps.db).list(deps.org);
    if (catalog.length === 0) return null;
    return unknownActions(
      deps.sensitiveActions,
      catalog.map((a) => a.action),
    );
  };
  return {
    unknownSensitiveActions,
    delivery,
    async view() {
      const [view, unknown, failed, siem, queue, subscriptions] = await Promise.all([
        loadView(deps),
        unknownSensitiveActions(),
        deps.queue.failures(5),
        deps.siem.states(),
        delivery(),
        createSubscriptionsRepo(deps.db).list(undefined, { withPaused: true }),
      ]);
      const hints = failed.map(
        (f) => `Posting to <#${f.channel}> failed and was given up: ${f.error} (${f.key}).`,
      );
      for (const s of subscriptions) {
        if (!s.paused) continue;
        hints.push(
          `The ${s.kind} subscription of <#${s.channel}> is paused: ${pausedBecause(s.paused)}. Subscribe it again once the channel is back, or unsubscribe it.`,
        );
      }
      for (const d of siem) {
        if (d.state === 'paused') {
          hints.push(
            `SIEM destination ${d.label} is paused: ${d.pausedReason}. ${d.queued} record(s) wait for it; fix the setting, then \`/insights siem resume ${d.name}\` (or restart the bot).`,
          );
        }
      }
      if (unknown?.length) hints.push(unknownActionsHint(unknown));
      return { ...view, hints: [...hints, ...view.hints], delivery: queue, problems: hints.length };
    },
  };
}

function unknownActionsHint(unknown: string[]): string {
  const entries = unknown.map((e) => `\`${e}\``).join(', ');
  const one = unknown.length === 1;
  return `SENSITIVE_ACTIONS: ${entries} match${one ? 'es' : ''} no action in Docker's activity-log catalog, so ${one ? 'it' : 'they'} will never alert. Check the spelling; Docker's actions look like \`org.member.role.change\` (the group may be left out).`;
}

async function loadView(deps: Parameters<typeof createStatus>[0]): Promise<StatusView> {
  const { db, org } = deps;
  if (deps.demo) {
    return { org, demo: true, dataAsOf: (await deps.dataAsOf?.()) ?? null, sources: [], hints: [] };
  }
  const statuses = new Map((await createStatusRepo(db).list(org)).map((s) => [s.source, s]));
  const line = (source: string, label: string, configured: boolean, setup: string): SourceLine => {
    const s: SourceStatus | undefined = statuses.get(source);
    return {
      label,
      configured: configured || s !== undefined,
      setup,
      lastSuccessAt: s?.lastSuccessAt ?? null,
      lastError: s?.lastError ?? null,
      lastErrorAt: s?.lastErrorAt ?? null,
      dataAsOf: s?.dataAsOf ?? null,
      detail: s?.detail ?? '',
    };
  };
  const importSetup = deps.importDir
    ? `Drop the export into \`${deps.importDir}\`.`
    : 'Run `insights-bot import <file>` or set `IMPORT_DIR`.';
  const sources = [
    ...SOURCES.map((s) => line(s.name, s.label, s.configured(deps.sources), s.setup)),
    ...IMPORTS.map((s) => line(s.source, s.label, false, importSetup)),
  ];
  const members = createMembersRepo(db);
  const [old, optedOut] = await Promise.all([members.countOldDesktops(org), members.countOptedOut(org)]);
  const hints: string[] = [];
  if (old) hints.push(`${old} member(s) run Docker Desktop 4.16 or older and send no Insights data.`);
  if (optedOut) hints.push(`${optedOut} member(s) opted out of analytics.`);
  return { org, demo: false, dataAsOf: await createPointsRepo(db).latestDay(org), sources, hints };
}
