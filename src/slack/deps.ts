import type { ChartView, InsightsSource } from '../domain/insights.js';
import type { AlertDeps } from '../jobs/alerts.js';
import type { Logger } from '../logger.js';
import type { ComplianceImportHelp } from '../render/compliance-blocks.js';
import type { StatusView } from '../render/status-blocks.js';
import type { ChartPostsRepo } from '../store/chart-posts-repo.js';
import type { Queryable } from '../store/db.js';
import type { SubscriptionsRepo } from '../store/subscriptions-repo.js';
import type { AdminCheck } from './admins.js';

/** What the Slack listeners need, passed in from the composition root (src/main.ts). */
export interface SlackDeps {
  source: InsightsSource;
  renderer: { render(view: ChartView): Promise<Buffer> };
  chartPosts: ChartPostsRepo;
  logger: Logger;
  now: () => Date;
  /** What `/insights status` shows. */
  statusView: () => Promise<StatusView>;
  subscriptions: SubscriptionsRepo;
  /** The store (exports, audit log, activity search). */
  db: Queryable;
  /** Whether SCOUT_TOKEN is set (`/insights scout` says how to turn it on otherwise). */
  scoutConfigured: boolean;
  /** The alert engine: buttons and `/insights silence…` change alerts through it. */
  alerts: AlertDeps;
  admins: AdminCheck;
  /** INSIGHTS_TIMEZONE: the default for new digest subscriptions. */
  defaultTimeZone: string;
  /** How a compliance report gets in (`/insights compliance` says so before the first import). */
  importHelp?: ComplianceImportHelp;
}
