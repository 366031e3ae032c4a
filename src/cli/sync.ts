import { parseArgs } from 'node:util';
import { SOURCE_NAMES } from '../app/sources/index.js';
import { closest } from '../domain/did-you-mean.js';
import { withServices } from './with-services.js';

/** `insights-bot sync [--only …]`: every configured source now, one line each. */
export async function sync(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { only: { type: 'string', multiple: true } } });
  const only = values.only?.flatMap((v) => v.split(',')).map((v) => v.trim()) ?? undefined;
  const unknown = only?.find((name) => !SOURCE_NAMES.includes(name as never));
  if (unknown !== undefined) {
    const guess = closest(unknown, SOURCE_NAMES);
    console.error(
      `Unknown source "${unknown}".${guess ? ` Did you mean "${guess}"?` : ''} Sources: ${SOURCE_NAMES.join(', ')}`,
    );
    return 2;
  }
  return withServices(async ({ sync }) => {
    const off = (only ?? []).filter((name) => !sync.sources.includes(name));
    if (sync.sources.length === 0 || off.length > 0) {
      console.error(
        `${off.length > 0 ? `Not configured: ${off.join(', ')}. ` : 'No Docker source to sync: '}Set DOCKER_ORG and DOCKER_TOKEN (and DOCKER_USERNAME for a PAT) for the Docker APIs, SCOUT_TOKEN for the Scout exporter.`,
      );
      return 2;
    }
    // Asked for now: the Scout exporter is scraped even when the last scrape is under an hour old.
    const results = await sync.run(new Date(), { only, force: true });
    for (const r of results) console.log(`${r.ok ? 'ok    ' : 'FAILED'} ${r.source}: ${r.detail}`);
    return results.every((r) => r.ok) ? 0 : 1;
  });
}
