#!/usr/bin/env node
import { EXPORT_KINDS } from './app/exports.js';
import { SOURCE_NAMES } from './app/sources/index.js';
import { digest } from './cli/digest.js';
import { exportCommand } from './cli/export.js';
import { importCommand } from './cli/import.js';
import { render } from './cli/render.js';
import { serve } from './cli/serve.js';
import { sync } from './cli/sync.js';
import { ConfigError } from './config.js';
import { CHARTS } from './domain/insights.js';
import { InsightsError } from './errors.js';

const USAGE = `Usage: insights-bot <command>

Commands:
  serve                                      start the bot (the default)
  render <chart> [--period 1w|1m|3m] --out <file.png>
                                             write one chart as a PNG (${CHARTS.join(', ')})
  sync [--only <source>[,<source>…]]         pull every configured Docker source into the store now, Scout
                                             included (${SOURCE_NAMES.join(', ')})
  digest [--dry-run]                         run the digest job once now (--dry-run: print it, send nothing)
  import <file> [--kind desktop-users|hub-members|compliance|insights]
                                             import an Admin Console export (all or nothing)
  export <kind> [--period 1w|1m|3m] --out <file.csv>
         activity [--actor <user>] [--action <action|prefix.*>] [--since <YYYY-MM-DD|7d>] --out <file.csv>
                                             write an export as CSV (${EXPORT_KINDS.join(', ')})
  help                                       show this help

Configuration comes from environment variables; see .env.example.`;

async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve();
    case 'render':
      return render(rest);
    case 'sync':
      return sync(rest);
    case 'digest':
      return digest(rest);
    case 'import':
      return importCommand(rest);
    case 'export':
      return exportCommand(rest);
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Expected failures (bad config, a rejected token, a bad import row) are one sentence, not a stack.
    if (err instanceof ConfigError || err instanceof InsightsError) console.error(err.message);
    else console.error(err);
    process.exitCode = 1;
  },
);
