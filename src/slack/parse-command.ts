import { type ActivityFilter, parseActivityFilter } from '../domain/activity-filter.js';
import { ACTIVITY_RULE } from '../domain/activity-rules.js';
import { describeDuration, parseDuration } from '../domain/alerts.js';
import { closest } from '../domain/did-you-mean.js';
import { DRIFT_RULES } from '../domain/drift-rules.js';
import { CHARTS, type ChartName } from '../domain/insights.js';
import { DEFAULT_PERIOD, type Period, parsePeriod } from '../domain/period.js';
import { SCOUT_RULES } from '../domain/scout-rules.js';
import { type ExportArgs, parseExportArgs } from '../exports/index.js';
import { ALERT_SUBSCRIPTION_KINDS } from '../store/subscriptions-repo.js';
import { parseSubscription, type SubscriptionCommand } from './parse-subscription.js';

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
  | { kind: 'silence'; matcher: string; durationMs: number }
  | { kind: 'unsilence'; id: number }
  | Exclude<SubscriptionCommand, { kind: 'invalid' }>
  | { kind: 'chart'; chart: ChartName; period: Period }
  | { kind: 'invalid'; message: string };

const SUBCOMMANDS = [
  'help',
  'status',
  'subscribe',
  'unsubscribe',
  'subscriptions',
  'alerts',
  'scout',
  'compliance',
  'activity',
  'export',
  'silence',
  'silences',
  'unsilence',
  ...CHARTS,
] as const;
/** What `/insights silence` accepts besides a fingerprint: a rule family or a rule. */
const SILENCE_TARGETS = [
  ...ALERT_SUBSCRIPTION_KINDS.filter((k) => k !== 'hub'),
  ...Object.values(DRIFT_RULES),
  ...Object.values(SCOUT_RULES),
  ACTIVITY_RULE,
];
const SILENCE_USAGE =
  'Use `/insights silence <rule or alert> <duration>`, e.g. `/insights silence drift.compliance 1d`; durations like `30m`, `1h`, `1d`, `1w`.';
const PERIOD_WORDS = ['1w', '1m', '3m', '7d', '30d', '90d'] as const;
const PERIOD_HINT = '`1w` (7 days), `1m` (30 days, the default) or `3m` (90 days)';

/** Parses the text after `/insights`. Pure: every input gets a command or a helpful message. */
export function parseInsightsCommand(text: string): InsightsCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [first, ...rest] = words;
  if (!first) return { kind: 'help' };
  const sub = first.toLowerCase();
  if (sub === 'help' || sub === '?') return { kind: 'help' };
  if (sub === 'status') return { kind: 'status' };
  if (sub === 'subscriptions') return { kind: 'subscriptions' };
  if (sub === 'subscribe' || sub === 'unsubscribe') return parseSubscription(sub, rest);
  if (sub === 'alerts') return { kind: 'alerts' };
  if (sub === 'scout') return { kind: 'scout' };
  if (sub === 'compliance') {
    return rest.length === 0
      ? { kind: 'compliance' }
      : {
          kind: 'invalid',
          message: `\`/insights compliance\` takes nothing after it (got \`${truncate(rest.join(' '))}\`): it summarizes the latest Settings Reporting import. \`/insights export compliance\` has every row.`,
        };
  }
  if (sub === 'export') {
    const args = parseExportArgs(rest.map(unlinkEmail));
    return 'error' in args ? { kind: 'invalid', message: args.error } : { kind: 'export', args };
  }
  if (sub === 'activity') {
    const parsed = parseActivityFilter(rest.map(unlinkEmail));
    return 'error' in parsed
      ? { kind: 'invalid', message: parsed.error }
      : { kind: 'activity', filter: parsed.filter };
  }
  if (sub === 'silences') return { kind: 'silences' };
  if (sub === 'silence') return parseSilence(rest);
  if (sub === 'unsilence') {
    const id = /^#?(\d{1,12})$/.exec(rest[0] ?? '')?.[1];
    return id && rest.length === 1
      ? { kind: 'unsilence', id: Number(id) }
      : { kind: 'invalid', message: 'Use `/insights unsilence <id>` with an ID from `/insights silences`.' };
  }

  const chart = CHARTS.find((c) => c === sub);
  if (!chart) {
    const guess = closest(sub, SUBCOMMANDS);
    const hint = guess ? ` Did you mean \`/insights ${[guess, ...rest].join(' ')}\`?` : '';
    return {
      kind: 'invalid',
      message: `\`${truncate(first)}\` is not an /insights command.${hint} Charts: ${CHARTS.map((c) => `\`${c}\``).join(', ')}. Type \`/insights help\` for everything.`,
    };
  }
  if (rest.length > 1) {
    return {
      kind: 'invalid',
      message: `\`/insights ${chart}\` takes one period at most, got \`${truncate(rest.join(' '))}\`. Use ${PERIOD_HINT}.`,
    };
  }
  const periodWord = rest[0];
  if (periodWord === undefined) return { kind: 'chart', chart, period: DEFAULT_PERIOD };
  const period = parsePeriod(periodWord);
  if (!period) {
    const guess = closest(periodWord.toLowerCase(), PERIOD_WORDS, 1);
    const hint = guess ? ` Did you mean \`${guess}\`?` : '';
    return {
      kind: 'invalid',
      message: `\`${truncate(periodWord)}\` is not a period.${hint} Use ${PERIOD_HINT}, as on the Admin Console's Insights page.`,
    };
  }
  return { kind: 'chart', chart, period };
}

function parseSilence(words: string[]): InsightsCommand {
  const [target, duration, ...extra] = words;
  if (!target || !duration || extra.length > 0) return { kind: 'invalid', message: SILENCE_USAGE };
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
