import { type ExportArgs, parseExportArgs } from '../app/exports.js';
import { type ActivityFilter, parseActivityFilter } from '../domain/activity-filter.js';
import { ACTIVITY_RULE } from '../domain/activity-rules.js';
import { describeDuration, parseDuration } from '../domain/alerts.js';
import { closest } from '../domain/did-you-mean.js';
import { DRIFT_RULES } from '../domain/drift-rules.js';
import { CHARTS, type ChartName } from '../domain/insights.js';
import { badPeriodHint, DEFAULT_PERIOD, type Period, parsePeriod } from '../domain/period.js';
import { SCOUT_RULES } from '../domain/scout-rules.js';
import { SEAT_RULES } from '../domain/seat-rules.js';
import { ALERT_SUBSCRIPTION_KINDS } from '../domain/subscriptions.js';
import type { SeatsCommand } from './parse-seats.js';
import type { SubscriptionCommand } from './parse-subscription.js';

export type InsightsCommand =
  | { kind: 'help' }
  | { kind: 'status' }
  | { kind: 'subscriptions' }
  | { kind: 'alerts' }
  | { kind: 'scout' }
  | { kind: 'compliance' }
  | { kind: 'activity'; filter: ActivityFilter }
  | { kind: 'export'; args: ExportArgs }
  | { kind: 'silences' }
  | { kind: 'siem' }
  | { kind: 'siem-resume'; name: string }
  | { kind: 'silence'; matcher: string; durationMs: number }
  | { kind: 'unsilence'; id: number }
  | Exclude<SubscriptionCommand, { kind: 'invalid' }>
  | SeatsCommand
  | { kind: 'chart'; chart: ChartName; period: Period }
  | { kind: 'invalid'; message: string };

/** What `/insights silence` accepts besides a fingerprint: a rule family or a rule. */
const SILENCE_TARGETS = [
  ...ALERT_SUBSCRIPTION_KINDS.filter((k) => k !== 'hub'),
  ...Object.values(DRIFT_RULES),
  ...Object.values(SCOUT_RULES),
  ...Object.values(SEAT_RULES),
  ACTIVITY_RULE,
];
const SILENCE_USAGE =
  'Use `/insights silence <rule or alert> <duration>`, e.g. `/insights silence drift.compliance 1d`; durations like `30m`, `1h`, `1h30m`, `1d`, `1w`.';
const PERIOD_HINT = '`1w` (7 days), `1m` (30 days, the default) or `3m` (90 days)';

type Invalid = { kind: 'invalid'; message: string };
const invalid = (message: string): Invalid => ({ kind: 'invalid', message });

/** `/insights siem` or `/insights siem resume <name>`. */
export function parseSiem(
  words: string[],
): { kind: 'siem' } | { kind: 'siem-resume'; name: string } | Invalid {
  if (words.length === 0) return { kind: 'siem' };
  const [verb, name, ...rest] = words;
  if (verb?.toLowerCase() === 'resume' && name && rest.length === 0) {
    return { kind: 'siem-resume', name: name.toLowerCase() };
  }
  return invalid(
    'Use `/insights siem` to see each SIEM destination, or `/insights siem resume <splunk|sentinel|webhook>` to resume a paused one.',
  );
}

/** A subcommand that takes no arguments. */
export function parseNothing<K extends string>(kind: K, words: string[], hint = ''): { kind: K } | Invalid {
  if (words.length === 0) return { kind };
  return invalid(
    `\`/insights ${kind}\` takes nothing after it (got \`${truncate(words.join(' '))}\`).${hint}`,
  );
}

export function parseExport(words: string[]): { kind: 'export'; args: ExportArgs } | Invalid {
  const args = parseExportArgs(words.map(unlinkEmail));
  return 'error' in args ? invalid(args.error) : { kind: 'export', args };
}

export function parseActivity(words: string[]): { kind: 'activity'; filter: ActivityFilter } | Invalid {
  const parsed = parseActivityFilter(words.map(unlinkEmail));
  return 'error' in parsed ? invalid(parsed.error) : { kind: 'activity', filter: parsed.filter };
}

export function parseUnsilence(words: string[]): { kind: 'unsilence'; id: number } | Invalid {
  const id = /^#?(\d{1,12})$/.exec(words[0] ?? '')?.[1];
  return id && words.length === 1
    ? { kind: 'unsilence', id: Number(id) }
    : invalid('Use `/insights unsilence <id>` with an ID from `/insights silences`.');
}

/** `<chart> [period]`. */
export function parseChart(
  chart: ChartName,
  words: string[],
): { kind: 'chart'; chart: ChartName; period: Period } | Invalid {
  if (words.length > 1) {
    return invalid(
      `\`/insights ${chart}\` takes one period at most, got \`${truncate(words.join(' '))}\`. Use ${PERIOD_HINT}.`,
    );
  }
  const periodWord = words[0];
  if (periodWord === undefined) return { kind: 'chart', chart, period: DEFAULT_PERIOD };
  const period = parsePeriod(periodWord);
  if (!period) {
    const hint = badPeriodHint(periodWord, (w) => `\`${w}\``);
    return invalid(
      `\`${truncate(periodWord)}\` is not a period.${hint ? ` ${hint}` : ''} Use ${PERIOD_HINT}, as on the Admin Console's Insights page.`,
    );
  }
  return { kind: 'chart', chart, period };
}

/** The answer to a first word that is no subcommand: the closest one, and the charts. */
export function unknownSubcommand(first: string, rest: string[], names: readonly string[]): Invalid {
  const guess = closest(first.toLowerCase(), names);
  const hint = guess ? ` Did you mean \`/insights ${[guess, ...rest].join(' ')}\`?` : '';
  return invalid(
    `\`${truncate(first)}\` is not an /insights command.${hint} Charts: ${CHARTS.map((c) => `\`${c}\``).join(', ')}. Type \`/insights help\` for everything.`,
  );
}

export function parseSilence(
  words: string[],
): { kind: 'silence'; matcher: string; durationMs: number } | Invalid {
  const [target, ...rest] = words;
  // `1d 12h` arrives as two words: the duration is everything after the target.
  const duration = rest.join(' ');
  if (!target || !duration) return invalid(SILENCE_USAGE);
  const durationMs = parseDuration(duration);
  if (!durationMs) {
    return {
      kind: 'invalid',
      message: `\`${truncate(duration)}\` is not a duration. ${SILENCE_USAGE} At most ${describeDuration(90 * 86_400_000)}.`,
    };
  }
  // A fingerprint is `<rule>:<entity>`; anything else must be a known rule or family.
  if (!target.includes(':') && !SILENCE_TARGETS.includes(target.toLowerCase())) {
    const guess = closest(target.toLowerCase(), SILENCE_TARGETS);
    return {
      kind: 'invalid',
      message: `\`${truncate(target)}\` is not an alert rule.${guess ? ` Did you mean \`${guess}\`?` : ''} Rules: ${SILENCE_TARGETS.map((r) => `\`${r}\``).join(', ')}, or an alert ID from \`/insights alerts\`.`,
    };
  }
  return { kind: 'silence', matcher: target.includes(':') ? target : target.toLowerCase(), durationMs };
}

/** Slack links emails when escaping is on: `<mailto:bob@acme.com|bob@acme.com>` → `bob@acme.com`. */
function unlinkEmail(word: string): string {
  return word.replace(/<mailto:([^|>]+)(\|[^>]*)?>/g, '$1');
}

/** Echoing user input back: keep it short and free of Slack markup that could break the message. */
function truncate(s: string): string {
  const clean = s.replace(/[`<>]/g, '');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
