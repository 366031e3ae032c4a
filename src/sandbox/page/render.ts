/**
 * The sandbox page's Slack renderer: mrkdwn and Block Kit to HTML. Every piece of text is HTML-escaped
 * (message text is untrusted); links keep only http(s) and mailto URLs, images only the sandbox's own
 * file URLs and http(s).
 *
 * The browser runs this very function: `page-js.ts` ships `sandboxRenderer.toString()`, so it must stay
 * self-contained (no imports, no module-level values, no classes) and plain ES2022.
 */

export interface PageFile {
  id: string;
  name: string;
  title?: string;
  mimetype: string;
  /** Same-origin URL: `/sandbox/files/<id>/<name>`. */
  url: string;
}

/** A stand-in message as the page sees it. */
export interface PageMessage {
  channel: string;
  ts: string;
  /** Set on thread replies (and on a thread's parent, where it equals `ts`). */
  threadTs?: string;
  user: string;
  isBot: boolean;
  text: string;
  blocks: unknown[];
  attachments: unknown[];
  files: PageFile[];
  /** Shown to the sandbox user only. */
  ephemeral: boolean;
  edited: boolean;
}

export interface RenderContext {
  /** Display names by user id. */
  users: Record<string, string>;
  /** Channel names by id. */
  channels: Record<string, string>;
  /** `HH:MM` for a message ts; default: UTC. */
  time?: (ts: string) => string;
}

export function sandboxRenderer() {
  const EMOJI: Record<string, string> = {
    rotating_light: '🚨',
    red_circle: '🔴',
    large_orange_circle: '🟠',
    large_yellow_circle: '🟡',
    large_green_circle: '🟢',
    large_blue_circle: '🔵',
    white_circle: '⚪',
    white_check_mark: '✅',
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
  };

  type Obj = Record<string, unknown>;
  const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

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

  /** A Block Kit text object (plain_text or mrkdwn). */
  function textObject(t: unknown, ctx: RenderContext): string {
    if (!isObj(t)) return '';
    if (t.type === 'mrkdwn') return mrkdwn(str(t.text), ctx);
    // Shortcodes ([a-z0-9_+-]) read the same before and after escaping.
    return t.emoji === false ? escapeHtml(str(t.text)) : emoji(escapeHtml(str(t.text)));
  }

  function plainOf(t: unknown): string {
    return isObj(t) ? str(t.text) : '';
  }

  function imageSrc(el: Obj): string | undefined {
    const file = isObj(el.slack_file) ? el.slack_file : undefined;
    if (file) {
      if (str(file.url)) return safeImageSrc(str(file.url));
      if (str(file.id)) return `/sandbox/files/${encodeURIComponent(str(file.id))}/image`;
      return undefined;
    }
    return safeImageSrc(str(el.image_url));
  }

  function image(el: Obj, cls: string): string {
    const src = imageSrc(el);
    const alt = escapeHtml(str(el.alt_text));
    return src
      ? `<img class="${cls}" src="${escapeHtml(src)}" alt="${alt}">`
      : `<span class="${cls}">${alt}</span>`;
  }

  function dataAttrs(el: Obj, blockId: string): string {
    const value = typeof el.value === 'string' ? ` data-value="${escapeHtml(el.value)}"` : '';
    return `data-action-id="${escapeHtml(str(el.action_id))}" data-block-id="${escapeHtml(blockId)}"${value}`;
  }

  /** An interactive element: buttons work (url buttons open a new tab); others are shown, disabled. */
  function element(el: unknown, blockId: string, ctx: RenderContext): string {
    if (!isObj(el)) return '';
    if (el.type === 'button') {
      const style = el.style === 'primary' || el.style === 'danger' ? ` bk-btn-${el.style}` : '';
      const label = textObject(el.text, ctx);
      const url = safeUrl(str(el.url));
      if (url) {
        return `<a class="bk-btn${style}" href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer" ${dataAttrs(el, blockId)}>${label}<span class="visually-hidden"> (opens in a new tab)</span></a>`;
      }
      return `<button type="button" class="bk-btn${style}" ${dataAttrs(el, blockId)}>${label}</button>`;
    }
    if (el.type === 'image') return image(el, 'bk-accessory-image');
    const placeholder = plainOf(el.placeholder) || plainOf(el.text) || str(el.type);
    return `<button type="button" class="bk-btn" disabled title="${escapeHtml(str(el.type))} is not supported in the sandbox">${escapeHtml(placeholder)}</button>`;
  }

  function richText(value: unknown): string {
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map(richText).join('');
    if (!isObj(value)) return '';
    if (typeof value.text === 'string') return value.text;
    if (value.type === 'link') return str(value.url);
    if (value.type === 'emoji') return `:${str(value.name)}:`;
    if (value.type === 'user') return `<@${str(value.user_id)}>`;
    if (value.type === 'channel') return `<#${str(value.channel_id)}>`;
    const inner = richText(value.elements);
    return value.type === 'rich_text_section' || value.type === 'rich_text_list' ? `${inner}\n` : inner;
  }

  /** One Block Kit block. */
  function block(b: unknown, ctx: RenderContext): string {
    if (!isObj(b)) return '';
    const blockId = str(b.block_id);
    switch (b.type) {
      case 'header':
        return `<div class="bk-header" role="heading" aria-level="3">${textObject(b.text, ctx)}</div>`;
      case 'section': {
        const text = isObj(b.text) ? `<div class="bk-text">${textObject(b.text, ctx)}</div>` : '';
        const fields = list(b.fields);
        const grid = fields.length
          ? `<div class="bk-fields">${fields.map((f) => `<div class="bk-field">${textObject(f, ctx)}</div>`).join('')}</div>`
          : '';
        const accessory = b.accessory
          ? `<div class="bk-accessory">${element(b.accessory, blockId, ctx)}</div>`
          : '';
        return `<div class="bk-section"><div class="bk-section-body">${text}${grid}</div>${accessory}</div>`;
      }
      case 'context': {
        const items = list(b.elements).map((el) => {
          if (!isObj(el)) return '';
          if (el.type === 'image') return image(el, 'bk-context-image');
          return `<span class="bk-context-text">${textObject(el, ctx)}</span>`;
        });
        return `<div class="bk-context">${items.join('')}</div>`;
      }
      case 'divider':
        return '<hr class="bk-divider">';
      case 'image': {
        const title = isObj(b.title) ? `<figcaption>${textObject(b.title, ctx)}</figcaption>` : '';
        return `<figure class="bk-image">${title}${image(b, 'bk-image-img')}</figure>`;
      }
      case 'actions':
        return `<div class="bk-actions" role="group">${list(b.elements)
          .map((el) => element(el, blockId, ctx))
          .join('')}</div>`;
      case 'rich_text':
        return `<div class="bk-text">${mrkdwn(richText(b.elements).replace(/\n$/, ''), ctx)}</div>`;
      default:
        return `<div class="bk-unsupported">[${escapeHtml(str(b.type) || 'unknown')} block]</div>`;
    }
  }

  function blocks(items: unknown[], ctx: RenderContext): string {
    return list(items)
      .map((b) => block(b, ctx))
      .join('');
  }

  /** Legacy attachments: a colour bar with their blocks, or their text. */
  function attachments(items: unknown[], ctx: RenderContext): string {
    return list(items)
      .map((a) => {
        if (!isObj(a)) return '';
        const body = list(a.blocks).length
          ? blocks(list(a.blocks), ctx)
          : mrkdwn(str(a.text) || str(a.fallback), ctx);
        return `<div class="attachment">${body}</div>`;
      })
      .join('');
  }

  function files(items: PageFile[]): string {
    return list(items)
      .map((raw) => {
        if (!isObj(raw)) return '';
        const f = raw as unknown as PageFile;
        const src = safeImageSrc(str(f.url));
        if (!src) return '';
        const title = escapeHtml(str(f.title) || str(f.name));
        const name = escapeHtml(str(f.name));
        if (/^image\/(png|jpeg|gif|webp)$/.test(str(f.mimetype))) {
          return `<figure class="file-image"><figcaption>${title}</figcaption><img src="${escapeHtml(src)}" alt="${title}" data-file-name="${name}"></figure>`;
        }
        const ext = (str(f.name).split('.').pop() ?? '').toUpperCase();
        return `<a class="file-card" href="${escapeHtml(src)}" download="${name}" data-file-name="${name}"><span class="file-icon" aria-hidden="true">${escapeHtml(ext.slice(0, 4) || 'FILE')}</span><span class="file-title">${title}</span><span class="file-action">Download</span></a>`;
      })
      .join('');
  }

  function initials(name: string): string {
    const words = name
      .replace(/[^\p{L}\p{N} ]/gu, ' ')
      .split(' ')
      .filter(Boolean);
    const letters = words.length > 1 ? `${words[0]?.[0] ?? ''}${words[1]?.[0] ?? ''}` : name.slice(0, 2);
    return letters.toUpperCase() || '?';
  }

  function tone(id: string): number {
    let h = 0;
    for (const ch of id) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 997;
    return h % 6;
  }

  function defaultTime(ts: string): string {
    const d = new Date(Number(ts) * 1000);
    return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(11, 16);
  }

  /** One message: avatar, name, time, markers, then its blocks (or text), attachments and files. */
  function message(m: PageMessage, ctx: RenderContext): string {
    const name = userName(m.user, ctx);
    const when = (ctx.time ?? defaultTime)(m.ts);
    const iso = Number.isFinite(Number(m.ts)) ? new Date(Number(m.ts) * 1000).toISOString() : '';
    const content = list(m.blocks).length ? blocks(m.blocks, ctx) : m.text ? mrkdwn(m.text, ctx) : '';
    const badge = m.isBot ? '<span class="badge">APP</span>' : '';
    const edited = m.edited ? '<span class="edited">(edited)</span>' : '';
    const note = m.ephemeral
      ? '<div class="ephemeral-note"><span aria-hidden="true">👁</span> Only visible to you</div>'
      : '';
    return [
      `<div class="avatar tone-${tone(m.user)}" aria-hidden="true">${escapeHtml(initials(name))}</div>`,
      '<div class="msg-main">',
      note,
      `<div class="msg-meta"><span class="msg-author">${escapeHtml(name)}</span>${badge}<time datetime="${escapeHtml(iso)}">${escapeHtml(when)}</time>${edited}</div>`,
      `<div class="msg-content">${content}${attachments(m.attachments, ctx)}</div>`,
      list(m.files).length ? `<div class="msg-files">${files(m.files)}</div>` : '',
      '</div>',
    ].join('');
  }

  return { escapeHtml, mrkdwn, block, blocks, message, initials };
}

export type SandboxRenderer = ReturnType<typeof sandboxRenderer>;
