// @ts-check
/**
 * The sandbox page's sidebar: channels and DMs with their unread markers, and the drawer it becomes on
 * a narrow window (browser code: type-checked by tsconfig.page.json).
 */

/** @import { PageChannel } from '../page-types.js' */
/** @import { SandboxRenderer } from '../render.js' */
/** @import { AppState } from './app-state.js' */

/**
 * @param {PageChannel | undefined} c
 */
export function channelTitle(c) {
  if (!c) return '';
  if (c.kind === 'dm') return c.label;
  return (c.kind === 'private' ? '🔒 ' : '#') + c.name;
}

/**
 * @param {{ R: SandboxRenderer; els: { channels: HTMLElement; dms: HTMLElement; toggle: HTMLElement }; state: AppState }} deps
 */
export function createSidebar({ R, els, state }) {
  /** @param {PageChannel} c */
  function sidebarItem(c) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = `#${c.id}`;
    a.dataset.channel = c.id;
    if (c.id === state.current) a.setAttribute('aria-current', 'page');
    const unread = state.unread.has(c.id);
    a.classList.toggle('unread', unread);
    const prefix =
      c.kind === 'dm'
        ? `<span class="dm-avatar" aria-hidden="true">${R.escapeHtml(R.initials(c.label))}</span>`
        : `<span class="channel-prefix" aria-hidden="true">${c.kind === 'private' ? '🔒' : '#'}</span>`;
    a.innerHTML =
      prefix +
      `<span class="channel-name">${R.escapeHtml(c.label)}${c.archived ? ' (archived)' : ''}</span>` +
      (unread
        ? '<span class="unread-dot" aria-hidden="true"></span><span class="visually-hidden"> (new messages)</span>'
        : '');
    li.append(a);
    return li;
  }

  function renderSidebar() {
    els.channels.replaceChildren(...state.channels.filter((c) => c.kind !== 'dm').map(sidebarItem));
    els.dms.replaceChildren(...state.channels.filter((c) => c.kind === 'dm').map(sidebarItem));
  }

  /** @param {boolean} open */
  function setNavOpen(open) {
    document.body.classList.toggle('nav-open', open);
    els.toggle.setAttribute('aria-expanded', String(open));
  }

  return { renderSidebar, setNavOpen };
}
