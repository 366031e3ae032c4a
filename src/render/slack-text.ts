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
