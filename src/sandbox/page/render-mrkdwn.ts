/**
 * The sandbox page's mrkdwn renderer: Slack message text to HTML. Every piece of text is HTML-escaped
 * (message text is untrusted); links keep only http(s) and mailto URLs, images only the sandbox's own
 * file URLs and http(s).
 *
 * The browser runs this very function (see `rendererSource` in render.ts), so it must stay
 * self-contained: no imports but types, no module-level values, no classes, plain ES2022.
 */
import type { RenderContext } from './page-types.js';

export function mrkdwnRenderer() {
  const EMOJI: Record<string, string> = {
    rotating_light: '🚨',
    red_circle: '🔴',
    large_orange_circle: '🟠',
    large_yellow_circle: '🟡',
    large_green_circle: '🟢',
    large_blue_circle: '🔵',
    white_circle: '⚪',
    white_check_mark: '✅',
    busts_in_silhouette: '👥',
    raised_hand: '✋',
    speech_balloon: '💬',
    no_entry_sign: '🚫',
    moneybag: '💰',
    heavy_check_mark: '✔️',
    information_source: 'ℹ️',
    warning: '⚠️',
    eyes: '👀',
    bell: '🔔',
    no_bell: '🔕',
    date: '📅',
    calendar: '📆',
    chart_with_upwards_trend: '📈',
    chart_with_downwards_trend: '📉',
    bar_chart: '📊',
    whale: '🐳',
    package: '📦',
    lock: '🔒',
    key: '🔑',
    shield: '🛡️',
    x: '❌',
    tada: '🎉',
    wave: '👋',
    thumbsup: '👍',
    '+1': '👍',
    hourglass: '⌛',
    mag: '🔍',
    memo: '📝',
    page_facing_up: '📄',
    arrow_up: '⬆️',
    arrow_down: '⬇️',
    arrow_right: '➡️',
    small_red_triangle: '🔺',
    small_red_triangle_down: '🔻',
    test_tube: '🧪',
    inbox_tray: '📥',
    outbox_tray: '📤',
    grey_question: '❔',
    hourglass_flowing_sand: '⏳',
    gear: '⚙️',
    bulb: '💡',
  };

  function escapeHtml(text: string): string {
    return String(text)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
  }

  /** Slack escapes `&`, `<` and `>` in message text; this gives the characters back. */
  function unescapeSlack(text: string): string {
    return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }

  /** Known `:shortcode:`s as emoji (named for screen readers, the code on hover); others stay text. */
  function emoji(text: string, html: (markup: string) => string = (markup) => markup): string {
    return text.replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => {
      const char = EMOJI[name];
      if (!char) return whole;
      const label = name.replace(/_/g, ' ');
      return html(`<span class="emoji" role="img" aria-label="${label}" title=":${name}:">${char}</span>`);
    });
  }

  function safeUrl(url: string): string | undefined {
    const trimmed = url.trim();
    return /^(https?:\/\/|mailto:)/i.test(trimmed) ? trimmed : undefined;
  }

  /** Image sources: the sandbox's own files, or http(s). */
  function safeImageSrc(url: string): string | undefined {
    const trimmed = url.trim();
    if (/^\/sandbox\/files\/[^/?#]+\/[^?#]*$/.test(trimmed)) return trimmed;
    return /^https?:\/\//i.test(trimmed) ? trimmed : undefined;
  }

  function userName(id: string, ctx: RenderContext): string {
    return ctx.users[id] ?? id;
  }

  function link(url: string, label: string): string {
    return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(label)}</a>`;
  }

  /** One `<…>` control sequence: a mention, a channel, a special mention, a date, or a link. */
  function entity(inner: string, ctx: RenderContext): string {
    const bar = inner.indexOf('|');
    const target = bar < 0 ? inner : inner.slice(0, bar);
    const label = bar < 0 ? '' : unescapeSlack(inner.slice(bar + 1));
    const mention = (text: string) => `<span class="mention">${escapeHtml(text)}</span>`;
    if (target.startsWith('@')) return mention(`@${label || userName(target.slice(1), ctx)}`);
    if (target.startsWith('#')) {
      const id = target.slice(1);
      return mention(`#${label || ctx.channels[id] || id}`);
    }
    if (target.startsWith('!')) {
      const [kind = '', ...rest] = target.slice(1).split('^');
      if (kind === 'date') {
        const seconds = Number(rest[0]);
        const fallback = label || (Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : '');
        return escapeHtml(fallback);
      }
      if (kind === 'subteam') return mention(label || `@${rest[0] ?? 'group'}`);
      return mention(`@${label || kind}`);
    }
    const url = safeUrl(unescapeSlack(target));
    if (url) return link(url, label || url);
    return escapeHtml(label || unescapeSlack(target));
  }

  /** Text between code spans: entities, escaping, emoji, *bold*, _italic_, ~strike~, quotes, line breaks. */
  function inline(text: string, ctx: RenderContext, startsLine: boolean): string {
    const tokens: string[] = [];
    const token = (html: string) => {
      tokens.push(html);
      return `\uE000${tokens.length - 1}\uE000`;
    };
    let s = text.replace(/<([^<>\n]+)>/g, (_whole, inner: string) => token(entity(inner, ctx)));
    s = escapeHtml(emoji(unescapeSlack(s), token));
    const style = (mark: string, tag: string) => {
      // `*` is the only mark that needs escaping (in unicode mode `\_` and `\~` are syntax errors).
      const m = mark === '*' ? '\\*' : mark;
      const edge = `[^\\p{L}\\p{N}${m}]`;
      const re = new RegExp(`(^|${edge})${m}([^${m}\\s](?:[^${m}\\n]*?[^${m}\\s])?)${m}(?=$|${edge})`, 'gmu');
      s = s.replace(re, (_whole, before: string, body: string) => `${before}<${tag}>${body}</${tag}>`);
    };
    style('*', 'strong');
    style('_', 'em');
    style('~', 'del');
    s = s
      .split('\n')
      .map((line, i) =>
        line.startsWith('&gt;') && (i > 0 || startsLine)
          ? `<span class="mk-quote">${line.replace(/^&gt; ?/, '')}</span>`
          : line,
      )
      .join('<br>');
    return s.replace(/\uE000(\d+)\uE000/g, (_whole, i: string) => tokens[Number(i)] ?? '');
  }

  /** Slack mrkdwn to HTML. */
  function mrkdwn(raw: string, ctx: RenderContext): string {
    const text = String(raw).replace(/\uE000/g, '');
    return text
      .split(/```([\s\S]*?)```/)
      .map((part, i) => {
        if (i % 2 === 1)
          return `<pre class="mk-pre">${escapeHtml(unescapeSlack(part.replace(/^\n/, '')))}</pre>`;
        return part
          .split(/`([^`\n]+)`/)
          .map((piece, j) =>
            j % 2 === 1 ? `<code>${escapeHtml(unescapeSlack(piece))}</code>` : inline(piece, ctx, j === 0),
          )
          .join('');
      })
      .join('');
  }

  return { escapeHtml, emoji, safeUrl, safeImageSrc, userName, mrkdwn };
}

export type MrkdwnRenderer = ReturnType<typeof mrkdwnRenderer>;
