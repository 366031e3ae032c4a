import { closest } from '../domain/did-you-mean.js';
import { isValidTimeZone, parseTimeOfDay } from '../domain/schedule-time.js';

export const SUBSCRIPTION_KINDS = ['digest'] as const;

export type SubscriptionCommand =
  | { kind: 'subscribe'; what: 'digest'; channel?: string; at?: string; timeZone?: string }
  | { kind: 'unsubscribe'; what: 'digest'; channel?: string }
  | { kind: 'invalid'; message: string };

const USAGE =
  'Use `/insights subscribe digest [#channel] [at HH:MM] [tz Area/City]` or `/insights unsubscribe digest [#channel]`.';

/** A channel as Slack sends it with escaping on (`<#C123|name>`), or a bare channel ID. */
function parseChannel(word: string): string | undefined {
  const escaped = /^<#([CGD][A-Z0-9]+)(\|[^>]*)?>$/.exec(word);
  if (escaped) return escaped[1];
  return /^[CGD][A-Z0-9]{2,}$/.test(word) ? word : undefined;
}

/** `subscribe …` / `unsubscribe …` after `/insights`; `words[0]` is the verb. */
export function parseSubscription(verb: 'subscribe' | 'unsubscribe', words: string[]): SubscriptionCommand {
  const [what, ...rest] = words;
  if (!what) return { kind: 'invalid', message: `What should this channel ${verb} to? ${USAGE}` };
  if (what.toLowerCase() !== 'digest') {
    const guess = closest(what.toLowerCase(), SUBSCRIPTION_KINDS);
    return {
      kind: 'invalid',
      message: `\`${what.slice(0, 30)}\` is not something to ${verb} to.${guess ? ` Did you mean \`${guess}\`?` : ''} ${USAGE}`,
    };
  }
  const out: { channel?: string; at?: string; timeZone?: string } = {};
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] ?? '';
    const next = rest[i + 1];
    if (word.toLowerCase() === 'at' && verb === 'subscribe') {
      if (!next || !/^\d{1,2}:\d{2}$/.test(next) || !isTime(next)) {
        return { kind: 'invalid', message: `\`at\` takes a time like \`09:00\` (24-hour). ${USAGE}` };
      }
      out.at = next.padStart(5, '0');
      i++;
    } else if (word.toLowerCase() === 'tz' && verb === 'subscribe') {
      if (!next || !isValidTimeZone(next)) {
        return {
          kind: 'invalid',
          message: `\`${(next ?? '').slice(0, 40)}\` is not a time zone. Use an IANA name such as \`Europe/Berlin\` or \`America/New_York\`.`,
        };
      }
      out.timeZone = next;
      i++;
    } else if (parseChannel(word) && !out.channel) {
      out.channel = parseChannel(word);
    } else if (word.startsWith('#')) {
      return {
        kind: 'invalid',
        message: `I couldn’t read \`${word.slice(0, 40)}\` as a channel: pick it from Slack’s #-autocomplete so it becomes a link.`,
      };
    } else {
      return { kind: 'invalid', message: `I don’t understand \`${word.slice(0, 40)}\`. ${USAGE}` };
    }
  }
  return { kind: verb, what: 'digest', ...out };
}

function isTime(text: string): boolean {
  try {
    parseTimeOfDay(text.padStart(5, '0'));
    return true;
  } catch {
    return false;
  }
}
