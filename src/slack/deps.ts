import type { Activity } from '../app/activity.js';
import type { AlertEngine } from '../app/alert-engine.js';
import type { Charts } from '../app/charts.js';
import type { Compliance } from '../app/compliance.js';
import type { Exports } from '../app/exports.js';
import type { Home } from '../app/home.js';
import type { Scout } from '../app/scout.js';
import type { SeatReclaim } from '../app/seat-reclaim.js';
import type { Seats } from '../app/seats.js';
import type { Siem } from '../app/siem.js';
import type { Status } from '../app/status.js';
import type { Subscriptions } from '../app/subscriptions.js';
import type { ChartView } from '../domain/insights.js';
import type { MetricsRecorder } from '../domain/metrics.js';
import type { Logger } from '../logger.js';
import type { ComplianceImportHelp } from '../render/compliance-blocks.js';
import type { AdminCheck } from './admins.js';

/**
 * What the Slack listeners use: the use cases of src/app/, each through its own narrow interface, passed
 * in from the composition root (src/main.ts). No listener gets the store.
 */
export interface SlackDeps {
  charts: Charts;
  renderer: { render(view: ChartView<string>): Promise<Buffer> };
  /** Buttons and `/insights silence…` change alerts through the engine. */
  alerts: Pick<AlertEngine, 'acknowledge' | 'silence' | 'unsilence' | 'open' | 'silences'>;
  subscriptions: Subscriptions;
  exports: Exports;
  activity: Activity;
  compliance: Compliance;
  scout: Pick<Scout, 'configured' | 'summary'>;
  status: Pick<Status, 'view'>;
  /** The Home tab: each user's view and the headline image. */
  home: Home;
  siem: Pick<Siem, 'states' | 'resume'>;
  /** Seat counts, the idle list, the `seats` chart, exemptions. */
  seats: Seats;
  /** Asking idle members by DM, their answers, the review and the removal. */
  seatReclaim: SeatReclaim;
  admins: AdminCheck;
  logger: Logger;
  now: () => Date;
  /** INSIGHTS_TIMEZONE: the default for new digest subscriptions. */
  defaultTimeZone: string;
  /** How a compliance report gets in (`/insights compliance` says so before the first import). */
  importHelp?: ComplianceImportHelp;
  /** `/metrics` (METRICS_PORT): commands, their acknowledgement and post latencies. */
  metrics?: MetricsRecorder;
}
