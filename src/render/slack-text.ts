import type { KnownBlock } from '@slack/types';

/** Text that goes into Slack messages: escaped and cut to Slack's limits. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escapes Slack's control characters (so a name like `<!channel>` cannot mention anyone) and cuts the
 * result to `max` characters without splitting an escape.
 */
export function mrkdwnSafe(raw: string, max: number): string {
  let out = '';
  for (const ch of raw) {
    const piece = ESCAPES[ch] ?? ch;
    if (out.length + piece.length > max - 1) return `${out}…`;
    out += piece;
  }
  return out;
}

declare const fallbackBrand: unique symbol;

/**
 * A message's top-level `text`: what notifications and screen readers show, and what Slack still parses
 * for mentions and links. Only `fallbackText()` makes one, so no renderer can put a pusher's, an alert's
 * or an organization's `<!channel>` there unescaped.
 */
export type FallbackText = string & { readonly [fallbackBrand]: true };

/** Slack limits a message's `text` to 40,000 characters; a notification shows far fewer. */
const FALLBACK_MAX = 3000;

/** The one way to a message's fallback `text`: plain words in, Slack's control characters escaped. */
export function fallbackText(raw: string, max = FALLBACK_MAX): FallbackText {
  return mrkdwnSafe(raw, max) as FallbackText;
}

/** Cuts plain text (headers, fallbacks) to `max` characters. */
export function plainCut(raw: string, max: number): string {
  const chars = [...raw];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : raw;
}

/** Every character of text in `blocks` (what Slack's ~12,000-character cap counts). */
export function blockTextLength(blocks: readonly KnownBlock[]): number {
  let n = 0;
  const visit = (value: unknown, key: string): void => {
    if (typeof value === 'string') {
      if (key === 'text') n += value.length;
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, key);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, k);
    }
  };
  visit(blocks, '');
  return n;
}
