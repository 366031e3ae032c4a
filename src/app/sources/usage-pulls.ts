import type { Readable } from 'node:stream';
import { parseUsagePulls } from '../../docker/enterprise-data/usage-pulls.js';
import { DockerApiError } from '../../docker/errors.js';
import type { MetricPoint } from '../../domain/insights.js';
import { addDays, toDay } from '../../domain/period.js';
import { createPointsRepo } from '../../store/points-repo.js';
import { createReportsRepo } from '../../store/reports-repo.js';
import { dockerOf, HISTORY_DAYS, type Source, type SourceContext, type SourceStep } from './source.js';

const REPORT_SIZE_SLACK = 1024 * 1024;

/** The Enterprise Data API's daily `usage_pulls` report (docker-apis.md §2): Hub pulls per image. */
export const usagePulls: Source = {
  name: 'usage-pulls',
  label: 'Enterprise Data API usage_pulls report (Hub pulls)',
  setup: 'Set `DOCKER_TOKEN` (an organization access token) to turn it on.',
  configured: (ctx) => ctx.docker !== null,
  feeds: [],
  run: (ctx, now) => syncUsagePulls(ctx, now),
};

async function syncUsagePulls(deps: SourceContext, now: Date): Promise<SourceStep> {
  const ed = dockerOf(deps).enterpriseData;
  const oldest = addDays(toDay(now), -HISTORY_DAYS);
  const done = await createReportsRepo(deps.db).syncedDays(deps.org, 'usage_pulls');
  const pending: string[] = [];
  // The size the list gives for each report: its download may not be longer (plus room for a changed file).
  const sizes = new Map<string, number>();
  try {
    for await (const page of ed.reports('usage_pulls', 'daily')) {
      for (const report of page) {
        if (report.date < oldest || done.has(report.date)) continue;
        pending.push(report.date);
        if (report.sizeBytes !== undefined) sizes.set(report.date, report.sizeBytes + REPORT_SIZE_SLACK);
      }
    }
  } catch (err) {
    // The API answers 404 while an organization has no reports yet (enterprise-data spec): not an error.
    if (!(err instanceof DockerApiError && err.code === 'not_found')) throw err;
  }
  let latest: string | null = null;
  let rows = 0;
  for (const date of pending.sort()) {
    const download = await ed.download('usage_pulls', 'daily', date, { maxBytes: sizes.get(date) });
    const pulls = await parseUsagePulls(download as Readable);
    const points: MetricPoint[] = [];
    for (const [day, images] of pulls.byDay) {
      for (const [image, count] of images) points.push({ day, metric: 'pulls', key: image, value: count });
    }
    await deps.db.transaction(async (tx) => {
      await createPointsRepo(tx).upsert(deps.org, points, 'usage-pulls');
      await createReportsRepo(tx).markSynced(deps.org, 'usage_pulls', date, points.length, now);
    });
    rows += points.length;
    latest = date;
  }
  return {
    detail: pending.length ? `${pending.length} daily reports (${rows} image-days)` : 'no new reports',
    dataAsOf: latest,
  };
}
