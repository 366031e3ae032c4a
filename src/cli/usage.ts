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

/** One command's part of USAGE ("Usage: insights-bot sync [--only …]" and what it does), for its usage errors. */
export function usageOf(command: string): string {
  const lines = USAGE.split('\n');
  const first = lines.findIndex((line) => line.startsWith(`  ${command} `) || line === `  ${command}`);
  if (first < 0) return USAGE;
  const [synopsis = '', ...about] = (lines[first] ?? '').trim().split(/\s{2,}/);
  const forms = [synopsis];
  // The lines after it that are indented further continue it: a second form, or the description column.
  for (const line of lines.slice(first + 1)) {
    const indent = line.length - line.trimStart().length;
    if (indent <= 2) break;
    (indent >= 40 ? about : forms).push(line.trim());
  }
  const what = about.join(' ');
  return `Usage: insights-bot ${forms.join(`\n       insights-bot ${command} `)}\n${what.charAt(0).toUpperCase()}${what.slice(1)}.`;
}
