import type { Day, Period } from './period.js';

/** The six charts of the Admin Console's Insights page. */
export const CHARTS = ['users', 'builds', 'containers', 'usage', 'images', 'extensions'] as const;
export type ChartName = (typeof CHARTS)[number];

/**
 * Daily metric names. A source writes only the metrics it really has; a chart whose metrics no
 * configured source provides says so instead of drawing zeros.
 *
 * - `active_users`               distinct Desktop users active that day
 * - `builds_succeeded`, `builds_failed`, `build_seconds` (sum of build durations that day)
 * - `containers`                 containers run that day
 * - `version_users` (key = Desktop version), `os_users` (key = OS), `interface_users` (key = `cli`|`gui`)
 * - `pulls` (key = image `namespace/repo`), `pushes` (key = image)
 * - `extension_users` (key = extension id), `extension_any_users` (users with at least one extension)
 */
export const METRICS = [
  'active_users',
  'builds_succeeded',
  'builds_failed',
  'build_seconds',
  'containers',
  'version_users',
  'os_users',
  'interface_users',
  'pulls',
  'pushes',
  'extension_users',
  'extension_any_users',
] as const;
export type Metric = (typeof METRICS)[number];

/** Metrics whose points need a key (the version, OS, interface, image or extension). */
export const KEYED_METRICS: ReadonlySet<Metric> = new Set<Metric>([
  'version_users',
  'os_users',
  'interface_users',
  'pulls',
  'pushes',
  'extension_users',
]);

export interface MetricPoint {
  day: Day;
  metric: Metric;
  /** '' for plain series; the version, OS, interface, image or extension otherwise. */
  key: string;
  value: number;
}

/** One organization member, as the Hub members API and the "Docker Desktop users" export describe it. */
export interface Member {
  username: string;
  name: string;
  email: string;
  /** `User` or `Invitee` in the Admin Console export. */
  type: string;
  /** `owner`, `editor`, `member`. */
  role: string;
  teams: string[];
  dateJoined: string | null;
  lastLoggedInAt: string | null;
  lastDesktopVersion: string | null;
  lastSeenAt: string | null;
  optedOutAnalytics: boolean;
  /** The Hub members API's `is_guest`: an email outside the organization's verified domains. */
  isGuest?: boolean;
}

/** Everything a chart needs for one period, read from a source. */
export interface InsightsData {
  org: string;
  /** The last day the source has data for ("Last updated" on the Insights page). */
  asOf: Day;
  from: Day;
  to: Day;
  members: Member[];
  points: MetricPoint[];
  /** Metrics a configured source provides (even where a day has no rows). */
  provided: ReadonlySet<Metric>;
}

/** Where the Insights figures come from: the demo organization, or the stored Docker history. */
export interface InsightsSource {
  readonly kind: 'demo' | 'docker';
  /** The Docker organization name. */
  readonly org: string;
  /** The latest day with data, or null when nothing has been synced yet. */
  dataAsOf(now: Date): Promise<Day | null>;
  /** The members and the daily points for the days from..to (inclusive); `to` is the day dataAsOf() gave. */
  load(range: { from: Day; to: Day }, now: Date): Promise<InsightsData>;
  /** The members a page at a time, where the source can (exports of large organizations). */
  memberPages?(): AsyncIterable<Member[]>;
}

export interface Figure {
  label: string;
  /** Already formatted for people: `12,345`, `4m 12s`, `93.4%`, `4.35.0`. */
  value: string;
}

export interface Series {
  name: string;
  values: number[];
  /** A fixed colour (`#RRGGBB`) where the series means the same in every image (seats: idle is amber). */
  color?: string;
}

/** One graph of a chart: plain data, so it can cross a worker-thread boundary. */
export interface Graph {
  kind: 'line' | 'bar' | 'stacked-bar' | 'horizontal-bar';
  title: string;
  /** Day labels (`YYYY-MM-DD`) for time series, names for horizontal bars. */
  labels: string[];
  series: Series[];
  yLabel: string;
  /**
   * Each series is coloured by its name (a Desktop version), not by its place, so a version has the same
   * colour in every period and every chart; `Other` is grey.
   */
  colorByName?: boolean;
  /** Bar graphs: series drawn as lines over the bars (seats: the purchased seats). */
  lines?: Series[];
}

/**
 * How everything drawn from the built-in demo organization is labelled, in the image and in the text:
 * its figures are made up, and look real enough to be mistaken for an organization's own.
 */
export const DEMO_LABEL = 'Demo data';

/** A chart ready to render and to describe in Slack blocks: one of CHARTS, or another (`seats`). */
export interface ChartView<C extends string = ChartName> {
  chart: C;
  title: string;
  org: string;
  period: Period;
  periodLabel: string;
  from: Day;
  to: Day;
  asOf: Day;
  figures: Figure[];
  /** One or two graphs (the usage chart has versions and interfaces side by side). */
  graphs: Graph[];
  /** When some metric has no configured source: what would provide it. Null when complete. */
  missing: string | null;
  /** A one-line text fallback for notifications and screen readers. */
  summary: string;
  /** Drawn from the built-in demo organization (InsightsSource.kind `demo`): labelled DEMO_LABEL. */
  demo: boolean;
  /** The product name at the image's top right; default "Docker Desktop Insights". */
  kicker?: string;
}
