import type { ChartName, ChartView, Figure, Graph } from '../../src/domain/insights.js';
import { daysBetween, PERIOD_LABEL, type Period, periodRange } from '../../src/domain/period.js';

const AS_OF = '2026-11-20';

/** A smooth, deterministic daily series: weekday peaks, weekend dips. */
function daily(days: string[], base: number, seed: number): number[] {
  return days.map((day, i) => {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const weekend = weekday === 0 || weekday === 6 ? 0.45 : 1;
    return Math.round(base * weekend * (1 + 0.15 * Math.sin(i * 0.9 + seed)));
  });
}

function view(
  chart: ChartName,
  title: string,
  figures: Figure[],
  graphs: Graph[],
  period: Period,
): ChartView {
  const { from, to } = periodRange(period, AS_OF);
  return {
    chart,
    title,
    org: 'acme',
    period,
    periodLabel: PERIOD_LABEL[period],
    from,
    to,
    asOf: AS_OF,
    figures,
    graphs,
    missing: null,
    summary: `${title}: ${figures.map((f) => `${f.label} ${f.value}`).join(', ')}`,
    demo: false,
  };
}

/** A hand-built ChartView for each of the six charts, shaped like the Insights page. */
export function chartView(chart: ChartName, period: Period = '1m'): ChartView {
  const { from, to } = periodRange(period, AS_OF);
  const days = daysBetween(from, to);
  switch (chart) {
    case 'users':
      return view(
        chart,
        'Docker Desktop users',
        [
          { label: 'active users', value: '128' },
          { label: 'organization members', value: '150' },
          { label: 'opted out of analytics', value: '6' },
        ],
        [
          {
            kind: 'line',
            title: 'Active users per day',
            labels: days,
            series: [{ name: 'Active users', values: daily(days, 110, 1) }],
            yLabel: 'users',
          },
        ],
        period,
      );
    case 'builds':
      return view(
        chart,
        'Builds',
        [
          { label: 'builds per active user', value: '23.4' },
          { label: 'average build time', value: '4m 12s' },
          { label: 'build success rate', value: '93.4%' },
        ],
        [
          {
            kind: 'stacked-bar',
            title: 'Builds per day',
            labels: days,
            series: [
              { name: 'Successful', values: daily(days, 420, 2) },
              { name: 'Failed', values: daily(days, 30, 3) },
            ],
            yLabel: 'builds',
          },
        ],
        period,
      );
    case 'containers':
      return view(
        chart,
        'Containers',
        [
          { label: 'containers run', value: '48,210' },
          { label: 'per active user', value: '376.6' },
        ],
        [
          {
            kind: 'bar',
            title: 'Containers run per day',
            labels: days,
            series: [{ name: 'Containers', values: daily(days, 1900, 4) }],
            yLabel: 'containers',
          },
        ],
        period,
      );
    case 'usage':
      return view(
        chart,
        'Docker Desktop usage',
        [
          { label: 'most used version', value: '4.35.0' },
          { label: 'most used OS', value: 'macOS' },
        ],
        [
          {
            kind: 'horizontal-bar',
            title: 'Active users per version',
            labels: ['4.35.0', '4.34.3', '4.33.1', '4.30.0', 'older'],
            series: [{ name: 'Active users', values: [61, 34, 18, 9, 6] }],
            yLabel: 'users',
          },
          {
            kind: 'horizontal-bar',
            title: 'Active users per interface',
            labels: ['CLI', 'GUI'],
            series: [{ name: 'Active users', values: [117, 72] }],
            yLabel: 'users',
          },
        ],
        period,
      );
    case 'images':
      return view(
        chart,
        'Docker Hub images',
        [
          { label: 'pulled', value: '1,284,551' },
          { label: 'pushed', value: '9,812' },
        ],
        [
          {
            kind: 'horizontal-bar',
            title: 'Top 10 pulled images',
            labels: [
              'library/node',
              'library/postgres',
              'acme/backend-api',
              'library/python',
              'acme/web-frontend',
              'library/redis',
              'library/nginx',
              'acme/data-pipeline-worker-extended',
              'library/alpine',
              'library/golang',
            ],
            series: [
              {
                name: 'Pulls',
                values: [412300, 250100, 180450, 120000, 98000, 76000, 54000, 31000, 22000, 9500],
              },
            ],
            yLabel: 'pulls',
          },
        ],
        period,
      );
    case 'extensions':
      return {
        ...view(
          chart,
          'Extensions',
          [{ label: 'of the organization has an extension installed', value: '—' }],
          [
            {
              kind: 'horizontal-bar',
              title: 'Top 5 extensions by users',
              labels: [],
              series: [],
              yLabel: 'users',
            },
          ],
          period,
        ),
        missing:
          'Extension data comes only from the Insights page: import its CSV with `insights-bot import extensions`.',
      };
  }
}
