import { parseSeverity, SEVERITIES, type Severity } from '../domain/alerts.js';
import { closest } from '../domain/did-you-mean.js';
import { canonicalTimeZone, parseTimeOfDay } from '../domain/schedule-time.js';
import { ALERT_SUBSCRIPTION_KINDS, type AlertSubscriptionKind } from '../domain/subscriptions.js';

export const SUBSCRIPTION_KINDS = ['digest', ...ALERT_SUBSCRIPTION_KINDS] as const;
export type SubscriptionTopic = (typeof SUBSCRIPTION_KINDS)[number];

export type SubscriptionCommand =
  | { kind: 'subscribe'; what: 'digest'; channel?: string; at?: string; timeZone?: string }
  | {
      kind: 'subscribe';
      what: AlertSubscriptionKind;
      channel?: string;
      minSeverity?: Severity;
      threadUpdates?: boolean;
      /** Hub: `namespace/repo` or `namespace/*`. */
      repository?: string;
      /** Seats: how often the seat report comes. */
      cadence?: 'weekly' | 'monthly';
    }
  | { kind: 'unsubscribe'; what: SubscriptionTopic; channel?: string; repository?: string }
  | { kind: 'invalid'; message: string };

const USAGE: Record<SubscriptionTopic, string> = {
  digest:
    'Use `/insights subscribe digest [#channel] [at HH:MM] [tz Area/City]` or `/insights unsubscribe digest [#channel]`.',
  drift:
    'Use `/insights subscribe drift [#channel] [severity>=high] [thread-updates on|off]` or `/insights unsubscribe drift [#channel]`.',
  scout:
    'Use `/insights subscribe scout [#channel] [severity>=high] [thread-updates on|off]` or `/insights unsubscribe scout [#channel]`.',
  activity:
    'Use `/insights subscribe activity [#channel] [severity>=high]` or `/insights unsubscribe activity [#channel]`.',
  hub: 'Use `/insights subscribe hub <namespace/repo or namespace/*> [#channel]` or `/insights unsubscribe hub [namespace/repo] [#channel]`.',
  seats:
    'Use `/insights subscribe seats [#channel] [weekly|monthly]` (seat alerts and a seat report every Monday or every 1st) or `/insights unsubscribe seats [#channel]`.',
};
const GENERAL_USAGE = `Subscribe to ${SUBSCRIPTION_KINDS.map((k) => `\`${k}\``).join(', ')}: ${USAGE.digest}`;

/** A Docker Hub repository (`namespace/repo`) or every repository of a namespace (`namespace/*`). */
const REPOSITORY = /^[a-z0-9]+(?:[._-][a-z0-9]+)*\/(?:\*|[a-z0-9]+(?:[._-][a-z0-9]+)*)$/;

/** A channel as Slack sends it with escaping on (`<#C123|name>`), or a bare channel ID. */
function parseChannel(word: string): string | undefined {
  const escaped = /^<#([CGD][A-Z0-9]+)(\|[^>]*)?>$/.exec(word);
  if (escaped) return escaped[1];
  return /^[CGD][A-Z0-9]{2,}$/.test(word) ? word : undefined;
}

const invalid = (message: string) => ({ kind: 'invalid' as const, message });

/** `subscribe …` / `unsubscribe …` after `/insights`; `words[0]` is what to subscribe to. */
export function parseSubscription(verb: 'subscribe' | 'unsubscribe', words: string[]): SubscriptionCommand {
  const [whatWord, ...rest] = words;
  if (!whatWord) return invalid(`What should this channel ${verb} to? ${GENERAL_USAGE}`);
  const what = SUBSCRIPTION_KINDS.find((k) => k === whatWord.toLowerCase());
  if (!what) {
    const guess = closest(whatWord.toLowerCase(), SUBSCRIPTION_KINDS);
    return invalid(
      `\`${whatWord.slice(0, 30)}\` is not something to ${verb} to.${guess ? ` Did you mean \`${guess}\`?` : ''} ${GENERAL_USAGE}`,
    );
  }
  const usage = USAGE[what];
  const options: Record<string, unknown> = {};
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] ?? '';
    const lower = word.toLowerCase();
    const next = rest[i + 1];
    if (parseChannel(word) && options.channel === undefined) {
      options.channel = parseChannel(word);
      continue;
    }
    if (word.startsWith('#') || word.startsWith('<#')) {
      return invalid(
        `I couldn’t read \`${word.slice(0, 40)}\` as a channel: pick it from Slack’s #-autocomplete so it becomes a link.`,
      );
    }
    if (verb === 'subscribe' && what === 'digest' && lower === 'at') {
      if (!next || !/^\d{1,2}:\d{2}$/.test(next) || !isTime(next)) {
        return invalid(`\`at\` takes a time like \`09:00\` (24-hour). ${usage}`);
      }
      options.at = next.padStart(5, '0');
      i++;
    } else if (verb === 'subscribe' && what === 'digest' && lower === 'tz') {
      const zone = next ? canonicalTimeZone(next) : undefined;
      if (!zone) {
        return invalid(
          `\`${(next ?? '').slice(0, 40)}\` is not a time zone. Use an IANA name such as \`Europe/Berlin\` or \`America/New_York\`.`,
        );
      }
      // Stored and echoed as the zone spells itself: `europe/berlin` → `Europe/Berlin`.
      options.timeZone = zone;
      i++;
    } else if (verb === 'subscribe' && what !== 'digest' && lower.startsWith('severity')) {
      const m = /^severity>=(\w+)$/.exec(lower);
      const severity = m?.[1] ? parseSeverity(m[1]) : undefined;
      if (!severity) {
        return invalid(
          `\`${word.slice(0, 40)}\` is not a severity filter: use \`severity>=\` with ${SEVERITIES.map((s) => `\`${s}\``).join(', ')}, e.g. \`severity>=high\`.`,
        );
      }
      options.minSeverity = severity;
    } else if (what === 'hub' && lower.includes('/') && options.repository === undefined) {
      if (!REPOSITORY.test(lower)) {
        return invalid(`\`${word.slice(0, 60)}\` is not a Docker Hub repository. ${usage}`);
      }
      options.repository = lower;
    } else if (verb === 'subscribe' && what === 'seats' && (lower === 'weekly' || lower === 'monthly')) {
      options.cadence = lower;
    } else if (verb === 'subscribe' && what !== 'digest' && lower === 'thread-updates') {
      if (next?.toLowerCase() !== 'on' && next?.toLowerCase() !== 'off') {
        return invalid(`\`thread-updates\` takes \`on\` or \`off\`. ${usage}`);
      }
      options.threadUpdates = next.toLowerCase() === 'on';
      i++;
    } else {
      return invalid(`I don’t understand \`${word.slice(0, 40)}\`. ${usage}`);
    }
  }
  if (verb === 'subscribe' && what === 'hub' && options.repository === undefined) {
    return invalid(`Which repository's pushes? ${usage}`);
  }
  return { kind: verb, what, ...options } as SubscriptionCommand;
}

function isTime(text: string): boolean {
  try {
    parseTimeOfDay(text.padStart(5, '0'));
    return true;
  } catch {
    return false;
  }
}
