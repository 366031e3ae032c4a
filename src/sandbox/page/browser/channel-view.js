// @ts-check
/**
 * The sandbox page's open channel: renders the state it is given and keeps the message list up to date
 * as messages arrive, change or go; the sidebar is sidebar.js (browser code: type-checked by
 * tsconfig.page.json).
 */
import { child } from './dom.js';
import { channelTitle, createSidebar } from './sidebar.js';

/** @import { PageMessage, PageState, RenderContext } from '../page-types.js' */
/** @import { SandboxRenderer } from '../render.js' */
/** @import { AppState } from './app-state.js' */

/**
 * @typedef {object} ViewElements
 * @property {HTMLElement} list
 * @property {HTMLElement} channels
 * @property {HTMLElement} dms
 * @property {HTMLElement} title
 * @property {HTMLElement} label
 * @property {HTMLTextAreaElement} input
 * @property {HTMLElement} toggle
 */

/**
 * @param {string} channel
 * @param {string} ts
 */
const key = (channel, ts) => `${channel} ${ts}`;
/** @param {PageMessage} m */
const isReply = (m) => m.threadTs !== undefined && m.threadTs !== m.ts;
/** @param {string} ts */
const timeOf = (ts) =>
  new Date(Number(ts) * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * Names of users and channels for the renderer.
 * @param {AppState} state
 * @returns {RenderContext}
 */
export function renderContext(state) {
  /** @type {Record<string, string>} */
  const channels = {};
  for (const c of state.channels) channels[c.id] = c.name;
  return { users: state.users, channels, time: timeOf };
}

/**
 * @param {{ R: SandboxRenderer; els: ViewElements; state: AppState; onHome?: () => void; onChannel?: () => void }} deps
 * `onHome` shows the App Home instead (`#home`); `onChannel` hides it again.
 */
export function createChannelView({ R, els, state, onHome, onChannel }) {
  /** "channel ts" -> { el, sig } for the messages of the current channel in the DOM */
  /** @type {Map<string, { el: HTMLElement; sig: string }>} */
  const rendered = new Map();
  /** @param {string} id */
  const channelById = (id) => state.channels.find((c) => c.id === id);
  const ctx = () => renderContext(state);
  const { renderSidebar, setNavOpen } = createSidebar({ R, els, state });

  /** @param {string} id */
  function selectChannel(id) {
    if (id === 'home' && onHome) {
      onHome();
      renderSidebar();
      setNavOpen(false);
      return;
    }
    onChannel?.();
    const c = channelById(id) || channelById('C0INSIGHTS') || state.channels[0];
    if (!c) return;
    state.current = c.id;
    state.unread.delete(c.id);
    const title = channelTitle(c);
    els.title.textContent = title;
    els.label.textContent = `Message ${title}`;
    els.input.placeholder = `Message ${title} — try /insights help`;
    document.title = `${title} · Insights Bot sandbox`;
    renderSidebar();
    renderMessages();
    setNavOpen(false);
  }

  // ---- messages ----------------------------------------------------------------------------------

  function nearBottom() {
    const l = els.list;
    return l.scrollHeight - l.scrollTop - l.clientHeight < 120;
  }

  function scrollToEnd() {
    els.list.scrollTop = els.list.scrollHeight;
    state.stick = true;
  }

  /** @param {PageMessage} m */
  function articleClass(m) {
    return `msg${m.ephemeral ? ' ephemeral' : ''}${m.isBot ? ' bot' : ''}${isReply(m) ? ' reply' : ''}`;
  }

  /** @param {PageMessage} m */
  function newArticle(m) {
    const article = document.createElement('article');
    article.className = articleClass(m);
    article.dataset.channel = m.channel;
    article.dataset.ts = m.ts;
    const row = document.createElement('div');
    row.className = 'msg-row';
    row.innerHTML = R.message(m, ctx());
    article.append(row);
    rendered.set(key(m.channel, m.ts), { el: article, sig: JSON.stringify(m) });
    return article;
  }

  /** @param {PageMessage} m */
  function refreshArticle(m) {
    const entry = rendered.get(key(m.channel, m.ts));
    const sig = JSON.stringify(m);
    if (!entry || entry.sig === sig) return;
    entry.sig = sig;
    entry.el.className = articleClass(m);
    child(entry.el, ':scope > .msg-row').innerHTML = R.message(m, ctx());
  }

  /** @param {HTMLElement} parent */
  function threadOf(parent) {
    let thread = parent.querySelector(':scope > .thread');
    if (!thread) {
      thread = document.createElement('section');
      thread.className = 'thread';
      thread.setAttribute('aria-label', 'Thread replies');
      thread.innerHTML = '<p class="thread-label"></p><div class="replies"></div>';
      parent.append(thread);
    }
    return thread;
  }

  /** @param {Element} thread */
  function labelThread(thread) {
    const n = child(thread, '.replies').children.length;
    child(thread, '.thread-label').textContent = n + (n === 1 ? ' reply' : ' replies');
  }

  /**
   * Inserts a new message in ts order: at the top level, or in its parent's thread.
   * @param {PageMessage} m
   */
  function place(m) {
    const article = newArticle(m);
    /** @type {Element} */
    let container = els.list;
    let thread = null;
    const parent = isReply(m) && m.threadTs ? rendered.get(key(m.channel, m.threadTs)) : undefined;
    if (parent) {
      thread = threadOf(parent.el);
      container = child(thread, '.replies');
    }
    const next = [...container.children].find(
      (c) => c instanceof HTMLElement && c.dataset.ts !== undefined && c.dataset.ts > m.ts,
    );
    container.insertBefore(article, next || null);
    if (thread) labelThread(thread);
  }

  function renderMessages() {
    rendered.clear();
    els.list.replaceChildren();
    const list = [...state.messages.values()]
      .filter((m) => m.channel === state.current)
      .sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
    /** @param {PageMessage} m */
    const hasParent = (m) => state.messages.has(key(m.channel, m.threadTs ?? ''));
    for (const m of list) if (!isReply(m) || !hasParent(m)) place(m);
    for (const m of list) if (isReply(m) && hasParent(m)) place(m);
    if (list.length === 0) {
      els.list.innerHTML =
        '<p class="empty">No messages here yet. Type <code>/insights help</code> below, or use the sandbox controls above.</p>';
    }
    scrollToEnd();
  }

  /** @param {PageMessage} m */
  function upsert(m) {
    const k = key(m.channel, m.ts);
    const known = state.messages.has(k);
    state.messages.set(k, m);
    if (m.channel !== state.current) {
      if (!known) {
        state.unread.add(m.channel);
        renderSidebar();
      }
      return;
    }
    const stick = state.stick || nearBottom();
    const empty = els.list.querySelector(':scope > .empty');
    if (empty) empty.remove();
    if (rendered.has(k)) refreshArticle(m);
    else place(m);
    if (stick) scrollToEnd();
  }

  /** @param {{ channel: string; ts: string }} ref */
  function removeMessage(ref) {
    const k = key(ref.channel, ref.ts);
    state.messages.delete(k);
    const entry = rendered.get(k);
    if (!entry) return;
    if (entry.el.querySelector('.thread')) {
      renderMessages();
      return;
    }
    const thread = entry.el.closest('.thread');
    entry.el.remove();
    rendered.delete(k);
    if (thread) labelThread(thread);
  }

  /** @param {PageState} s */
  function applyState(s) {
    state.user = s.user;
    state.users = s.users;
    state.channels = s.channels;
    const fresh = new Map(s.messages.map((m) => [key(m.channel, m.ts), m]));
    const first = !state.ready;
    state.ready = true;
    const gone = [...state.messages.keys()].some((k) => !fresh.has(k));
    state.messages = fresh;
    if (first || gone || !channelById(state.current)) {
      selectChannel(first ? decodeURIComponent(location.hash.slice(1)) : state.current);
      return;
    }
    // A reconnect: bring the open channel up to date in place (images stay loaded).
    renderSidebar();
    for (const m of fresh.values()) if (m.channel === state.current) upsert(m);
  }

  return {
    renderSidebar,
    setNavOpen,
    selectChannel,
    nearBottom,
    scrollToEnd,
    upsert,
    removeMessage,
    applyState,
  };
}
