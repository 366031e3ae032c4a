import type { ChartName, ChartView, InsightsSource, Member } from '../domain/insights.js';
import { loadChartView } from '../domain/load-chart-view.js';
import { type Day, type Period, toDay } from '../domain/period.js';
import { type ChartPost, createChartPostsRepo } from '../store/chart-posts-repo.js';
import type { Queryable } from '../store/db.js';

export type { ChartPost } from '../store/chart-posts-repo.js';

/** The Insights charts: the source's figures as chart views, and a record of every chart posted. */
export interface Charts {
  readonly org: string;
  /** Where the figures come from: the built-in demo organization, or the stored Docker history. */
  readonly kind: InsightsSource['kind'];
  dataAsOf(now: Date): Promise<Day | null>;
  /** The chart for the period ending on the latest data day; null when there is no data yet. */
  view(chart: ChartName, period: Period, now: Date): Promise<ChartView | null>;
  recordPost(post: ChartPost): Promise<void>;
  /** The organization's members as of the latest data day (the sandbox's sample compliance report). */
  members(now: Date): Promise<Member[]>;
}

export function createCharts(deps: { source: InsightsSource; db: Queryable }): Charts {
  const posts = createChartPostsRepo(deps.db);
  return {
    org: deps.source.org,
    kind: deps.source.kind,
    dataAsOf: (now) => deps.source.dataAsOf(now),
    view: (chart, period, now) => loadChartView(deps.source, chart, period, now),
    recordPost: (post) => posts.record(post),
    async members(now) {
      const day = (await deps.source.dataAsOf(now)) ?? toDay(now);
      return (await deps.source.load({ from: day, to: day }, now)).members;
    },
  };
}
