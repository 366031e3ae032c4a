import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { closest } from '../domain/did-you-mean.js';
import { CHARTS } from '../domain/insights.js';
import { badPeriodHint, parsePeriod } from '../domain/period.js';
import { InsightsError } from '../errors.js';
import { renderChartPng } from '../render/render-chart.js';
import { usageOf } from './usage.js';
import { withServices } from './with-services.js';

/** `insights-bot render <chart> --out file.png`: one chart, drawn in this process. */
export async function render(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { period: { type: 'string', default: '1m' }, out: { type: 'string' } },
  });
  const usage = usageOf('render');
  const name = positionals[0]?.toLowerCase() ?? '';
  if (name === '') {
    console.error(`Name a chart: ${CHARTS.join(', ')}.\n${usage}`);
    return 2;
  }
  const chart = CHARTS.find((c) => c === name);
  if (!chart) {
    const guess = closest(name, CHARTS);
    console.error(
      `Unknown chart "${name}".${guess ? ` Did you mean "${guess}"?` : ''} Charts: ${CHARTS.join(', ')}`,
    );
    return 2;
  }
  const period = parsePeriod(values.period ?? '1m');
  if (!period) {
    const hint = badPeriodHint(values.period ?? '');
    console.error(`Unknown period "${values.period}".${hint ? ` ${hint}` : ''} Use 1w, 1m or 3m.`);
    return 2;
  }
  if (!values.out) {
    console.error(`Missing --out <file.png>.\n${usage}`);
    return 2;
  }
  // The chart is drawn as a PNG: a file named .jpg would hold PNG bytes and mislead whatever opens it.
  if (!/\.png$/i.test(values.out)) {
    console.error(`The chart is a PNG image: give --out a file name ending in .png (got "${values.out}").`);
    return 2;
  }
  const view = await withServices((s) => s.charts.view(chart, period, new Date()));
  if (!view)
    throw new InsightsError('no_data', 'There is no Insights data yet. Run `insights-bot sync` first.');
  await writeFile(values.out, renderChartPng(view));
  console.log(`Wrote ${values.out}: ${view.summary}`);
  return 0;
}
