/**
 * The sandbox page's Block Kit renderer: blocks, legacy attachments, files and the message around them
 * (avatar, name, time, markers) to HTML, with the text pieces from `mrkdwnRenderer`. Interactive
 * elements carry `data-action-id` / `data-block-id` / `data-value` for the page's click handler.
 *
 * The browser runs this very function (see `rendererSource` in render.ts), so it must stay
 * self-contained: no imports but types, no module-level values, no classes, plain ES2022.
 */
import type { PageFile, PageMessage, RenderContext } from './page-types.js';
import type { MrkdwnRenderer } from './render-mrkdwn.js';

export function blockKitRenderer(text: MrkdwnRenderer) {
  const { escapeHtml, emoji, safeUrl, safeImageSrc, userName, mrkdwn } = text;
  type Obj = Record<string, unknown>;
  const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
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

  return { block, blocks, message, initials };
}
