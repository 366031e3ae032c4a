import { EXPORT_KINDS } from '../app/exports.js';
import { SOURCE_NAMES } from '../app/sources/index.js';
import { CHARTS } from '../domain/insights.js';

export const USAGE = `Usage: insights-bot <command>

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
