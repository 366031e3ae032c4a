import { open, rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EXPORT_KINDS, parseExportArgs } from '../app/exports.js';
import { withServices } from './with-services.js';

/** `insights-bot export <kind> … --out file.csv`: the same file as `/insights export`. */
export async function exportCommand(args: string[]): Promise<number> {
  const usage = `Usage: insights-bot export <${EXPORT_KINDS.join('|')}> [--period 1w|1m|3m] [--actor <user>] [--action <action>] [--since <YYYY-MM-DD|7d>] --out <file.csv>`;
  const { positionals, values } = parseExportOptions(args);
  if (positionals.length > 1) {
    console.error(
      `Unexpected "${positionals.slice(1).join(' ')}": give the period as --period and filters as --actor, --action, --since.\n${usage}`,
    );
    return 2;
  }
  if (positionals.length === 0) {
    console.error(usage);
    return 2;
  }
  // The same words as `/insights export …`, so both check them the same way.
  const tokens = [
    positionals[0] ?? '',
    ...(values.period !== undefined ? [values.period] : []),
    ...(['actor', 'action', 'since'] as const).flatMap((key) =>
      values[key] !== undefined ? [`${key}:${values[key]}`] : [],
    ),
  ];
  const request = parseExportArgs(tokens);
  if ('error' in request) {
    console.error(request.error);
    return 2;
  }
  const out = values.out;
  if (!out) {
    console.error('Missing --out <file.csv>.');
    return 2;
  }
  return withServices(async ({ exports, charts }) => {
    const file = await open(out, 'w');
    try {
      const result = await exports.write({ ...request, now: new Date() }, file.createWriteStream());
      if (request.kind === 'activity' && result.rows === 0 && result.dataAsOf === null) {
        // A header-only file looks like a failed export: say why there is nothing instead.
        await rm(out, { force: true });
        console.error(
          charts.kind === 'demo'
            ? 'There is no activity log to export: the demo organization has none. Set DOCKER_ORG and DOCKER_TOKEN (README › Connect Docker) and run `insights-bot sync`.'
            : 'There is no activity log to export yet: run `insights-bot sync` (or start the bot, which reads it every 5 minutes) first.',
        );
        return 1;
      }
      console.log(`Wrote ${out}: ${result.summary}`);
      return 0;
    } catch (err) {
      await file.close().catch(() => undefined);
      await rm(out, { force: true });
      throw err;
    }
  });
}

function parseExportOptions(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      period: { type: 'string' },
      actor: { type: 'string' },
      action: { type: 'string' },
      since: { type: 'string' },
      out: { type: 'string' },
    },
  });
}
