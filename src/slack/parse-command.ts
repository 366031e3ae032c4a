import { closest } from '../domain/did-you-mean.js';
import { CHARTS, type ChartName } from '../domain/insights.js';
import { DEFAULT_PERIOD, type Period, parsePeriod } from '../domain/period.js';
import { parseSubscription, type SubscriptionCommand } from './parse-subscription.js';

export type InsightsCommand =
  | { kind: 'help' }
  | { kind: 'status' }
  | { kind: 'subscriptions' }
  | Exclude<SubscriptionCommand, { kind: 'invalid' }>
  | { kind: 'chart'; chart: ChartName; period: Period }
  | { kind: 'invalid'; message: string };

const SUBCOMMANDS = ['help', 'status', 'subscribe', 'unsubscribe', 'subscriptions', ...CHARTS] as const;
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

/** Echoing user input back: keep it short and free of Slack markup that could break the message. */
function truncate(s: string): string {
  const clean = s.replace(/[`<>]/g, '');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
