import { closest } from '../domain/did-you-mean.js';
import { DEFAULT_PERIOD, type Period, parsePeriod } from '../domain/period.js';

/** Who an exemption names: a Slack user (`@alice`, resolved by email) or a Docker username. */
export type SeatsWho = { slackUser: string } | { name: string };

export type SeatsCommand =
  | { kind: 'seats'; period: Period }
  | { kind: 'seats-ask'; days: number }
  | { kind: 'seats-reclaim' }
  | { kind: 'seats-exempt'; who: SeatsWho | null }
  | { kind: 'seats-unexempt'; who: SeatsWho };

type Invalid = { kind: 'invalid'; message: string };
const invalid = (message: string): Invalid => ({ kind: 'invalid', message });

export const SEATS_USAGE =
  'Use `/insights seats [1w|1m|3m]`, `/insights seats ask [60d]`, `/insights seats reclaim`, `/insights seats exempt [@user|<docker username>]` or `/insights seats unexempt <@user|docker username>`.';

/** The idle threshold of an ask: at least 30 days (below that a member is active), at most a year. */
export const ASK_DEFAULT_DAYS = 60;

/** `60d`, `90d`, `2m` (months of 30 days). */
export function parseAskDays(word: string): number | undefined {
  const m = /^(\d{1,3})(d|m)$/i.exec(word.trim());
  if (!m) return undefined;
  const days = Number(m[1]) * ((m[2] ?? 'd').toLowerCase() === 'm' ? 30 : 1);
  return days >= 30 && days <= 365 ? days : undefined;
}

/** `<@U123|alice>` (escaped mention), `@alice` is not resolvable; a Docker username or email otherwise. */
function parseWho(word: string): SeatsWho | undefined {
  const mention = /^<@([UW][A-Z0-9]+)(\|[^>]*)?>$/.exec(word);
  if (mention?.[1]) return { slackUser: mention[1] };
  const email = /^<mailto:([^|>]+)(\|[^>]*)?>$/.exec(word)?.[1];
  const name = email ?? word;
  return /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,254}$/.test(name) ? { name } : undefined;
}

const WORDS = ['ask', 'reclaim', 'exempt', 'unexempt'] as const;

/** The words after `/insights seats`. */
export function parseSeats(words: string[]): SeatsCommand | Invalid {
  const [first, ...rest] = words;
  if (first === undefined) return { kind: 'seats', period: DEFAULT_PERIOD };
  const lower = first.toLowerCase();
  const period = parsePeriod(lower);
  if (period) return rest.length === 0 ? { kind: 'seats', period } : invalid(SEATS_USAGE);
  switch (lower) {
    case 'ask': {
      if (rest.length > 1) return invalid(`\`seats ask\` takes one threshold, e.g. \`60d\`. ${SEATS_USAGE}`);
      const days = rest[0] === undefined ? ASK_DEFAULT_DAYS : parseAskDays(rest[0]);
      if (days === undefined) {
        return invalid(
          `\`${(rest[0] ?? '').slice(0, 20)}\` is not an idle threshold: use days from \`30d\` to \`365d\` (e.g. \`60d\`, \`90d\`); under 30 days a member counts as active.`,
        );
      }
      return { kind: 'seats-ask', days };
    }
    case 'reclaim':
      return rest.length === 0
        ? { kind: 'seats-reclaim' }
        : invalid(`\`seats reclaim\` takes nothing after it. ${SEATS_USAGE}`);
    case 'exempt':
    case 'unexempt': {
      if (rest.length === 0 && lower === 'exempt') return { kind: 'seats-exempt', who: null };
      const who = rest.length === 1 && rest[0] ? parseWho(rest[0]) : undefined;
      if (!who) {
        return invalid(
          `\`seats ${lower}\` takes one member: pick a Slack user with @ or type their Docker username. ${SEATS_USAGE}`,
        );
      }
      return lower === 'exempt' ? { kind: 'seats-exempt', who } : { kind: 'seats-unexempt', who };
    }
    default: {
      const guess = closest(lower, [...WORDS, '1w', '1m', '3m']);
      return invalid(
        `\`${first.slice(0, 30)}\` is not a seats command.${guess ? ` Did you mean \`${guess}\`?` : ''} ${SEATS_USAGE}`,
      );
    }
  }
}
