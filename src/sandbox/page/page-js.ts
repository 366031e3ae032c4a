/**
 * The sandbox page's script (`GET /sandbox/page.js`, an ES module, no build step): the renderer from
 * `render.ts` (shipped as its own source) and the app below, which follows `/sandbox/events` (SSE) and
 * sends commands, button presses and control clicks to the `/sandbox/*` routes.
 */
import { rendererSource } from './render.js';

/** Plain browser JavaScript: no backticks or `${` here (this is a template literal). */
const APP_JS = String.raw`
const R = sandboxRenderer();
const byId = (id) => document.getElementById(id);
const els = {
  list: byId('messages'),
  channels: byId('channel-list'),
  dms: byId('dm-list'),
  title: byId('channel-title'),
  status: byId('status'),
  connection: byId('connection'),
  form: byId('composer'),
  input: byId('composer-input'),
  label: byId('composer-label'),
  toggle: byId('nav-toggle'),
};
const state = {
  ready: false,
  user: '',
  users: {},
  channels: [],
  /** "channel ts" -> page message */
  messages: new Map(),
  current: '',
  unread: new Set(),
  stick: true,
  history: [],
};
/** "channel ts" -> { el, sig } for the messages of the current channel in the DOM */
const rendered = new Map();

const key = (channel, ts) => channel + ' ' + ts;
const isReply = (m) => m.threadTs !== undefined && m.threadTs !== m.ts;
const channelById = (id) => state.channels.find((c) => c.id === id);
const timeOf = (ts) =>
  new Date(Number(ts) * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

function ctx() {
  const channels = {};
  for (const c of state.channels) channels[c.id] = c.name;
  return { users: state.users, channels, time: timeOf };
}

function setStatus(text, kind) {
  els.status.className = 'status' + (kind ? ' ' + kind : '');
  els.status.innerHTML = text ? R.mrkdwn(text, ctx()) : '';
}

function setConnection(live) {
  els.connection.textContent = live ? 'Connected to the sandbox' : 'Reconnecting…';
  els.connection.classList.toggle('offline', !live);
}

// ---- sidebar -------------------------------------------------------------------------------------

function channelTitle(c) {
  if (!c) return '';
  if (c.kind === 'dm') return c.label;
  return (c.kind === 'private' ? '🔒 ' : '#') + c.name;
}

function sidebarItem(c) {
  const li = document.createElement('li');
  const a = document.createElement('a');
  a.href = '#' + c.id;
  a.dataset.channel = c.id;
  if (c.id === state.current) a.setAttribute('aria-current', 'page');
  const unread = state.unread.has(c.id);
  a.classList.toggle('unread', unread);
  const prefix =
    c.kind === 'dm'
      ? '<span class="dm-avatar" aria-hidden="true">' + R.escapeHtml(R.initials(c.label)) + '</span>'
      : '<span class="channel-prefix" aria-hidden="true">' + (c.kind === 'private' ? '🔒' : '#') + '</span>';
  a.innerHTML =
    prefix +
    '<span class="channel-name">' + R.escapeHtml(c.label) + (c.archived ? ' (archived)' : '') + '</span>' +
    (unread ? '<span class="unread-dot" aria-hidden="true"></span><span class="visually-hidden"> (new messages)</span>' : '');
  li.append(a);
  return li;
}

function renderSidebar() {
  els.channels.replaceChildren(...state.channels.filter((c) => c.kind !== 'dm').map(sidebarItem));
  els.dms.replaceChildren(...state.channels.filter((c) => c.kind === 'dm').map(sidebarItem));
}

function setNavOpen(open) {
  document.body.classList.toggle('nav-open', open);
  els.toggle.setAttribute('aria-expanded', String(open));
}

function selectChannel(id) {
  const c = channelById(id) || channelById('C0INSIGHTS') || state.channels[0];
  if (!c) return;
  state.current = c.id;
  state.unread.delete(c.id);
  const title = channelTitle(c);
  els.title.textContent = title;
  els.label.textContent = 'Message ' + title;
  els.input.placeholder = 'Message ' + title + ' — try /insights help';
  document.title = title + ' · Insights Bot sandbox';
  renderSidebar();
  renderMessages();
  setNavOpen(false);
}

// ---- messages ------------------------------------------------------------------------------------

function nearBottom() {
  const l = els.list;
  return l.scrollHeight - l.scrollTop - l.clientHeight < 120;
}

function scrollToEnd() {
  els.list.scrollTop = els.list.scrollHeight;
  state.stick = true;
}

function articleClass(m) {
  return 'msg' + (m.ephemeral ? ' ephemeral' : '') + (m.isBot ? ' bot' : '') + (isReply(m) ? ' reply' : '');
}

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

function refreshArticle(m) {
  const entry = rendered.get(key(m.channel, m.ts));
  const sig = JSON.stringify(m);
  if (entry.sig === sig) return;
  entry.sig = sig;
  entry.el.className = articleClass(m);
  entry.el.querySelector(':scope > .msg-row').innerHTML = R.message(m, ctx());
}

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

function labelThread(thread) {
  const n = thread.querySelector('.replies').children.length;
  thread.querySelector('.thread-label').textContent = n + (n === 1 ? ' reply' : ' replies');
}

/** Inserts a new message in ts order: at the top level, or in its parent's thread. */
function place(m) {
  const article = newArticle(m);
  let container = els.list;
  let thread = null;
  const parent = isReply(m) ? rendered.get(key(m.channel, m.threadTs)) : undefined;
  if (parent) {
    thread = threadOf(parent.el);
    container = thread.querySelector('.replies');
  }
  const next = [...container.children].find((c) => c.dataset.ts !== undefined && c.dataset.ts > m.ts);
  container.insertBefore(article, next || null);
  if (thread) labelThread(thread);
}

function renderMessages() {
  rendered.clear();
  els.list.replaceChildren();
  const list = [...state.messages.values()]
    .filter((m) => m.channel === state.current)
    .sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  const hasParent = (m) => state.messages.has(key(m.channel, m.threadTs));
  for (const m of list) if (!isReply(m) || !hasParent(m)) place(m);
  for (const m of list) if (isReply(m) && hasParent(m)) place(m);
  if (list.length === 0) {
    els.list.innerHTML =
      '<p class="empty">No messages here yet. Type <code>/insights help</code> below, or use the sandbox controls above.</p>';
  }
  scrollToEnd();
}

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

// ---- talking to the sandbox ---------------------------------------------------------------------

async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  let data = {};
  try {
    data = (await res.json()) || {};
  } catch {
    data = {};
  }
  return { ok: res.ok && data.ok === true, status: res.status, data };
}

const failure = (r) => r.data.text || r.data.error || 'HTTP ' + r.status;

function connect() {
  const events = new EventSource('/sandbox/events');
  events.addEventListener('state', (e) => {
    applyState(JSON.parse(e.data));
    setConnection(true);
  });
  events.addEventListener('upsert', (e) => upsert(JSON.parse(e.data)));
  events.addEventListener('remove', (e) => removeMessage(JSON.parse(e.data)));
  events.addEventListener('channels', (e) => {
    state.channels = JSON.parse(e.data);
    renderSidebar();
  });
  events.addEventListener('error', () => setConnection(false));
}

function autosize() {
  els.input.style.height = 'auto';
  els.input.style.height = Math.min(els.input.scrollHeight, 160) + 'px';
}

els.form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = els.input.value.trim();
  const channel = state.current;
  if (!text || !channel) return;
  els.input.value = '';
  autosize();
  state.history.push(text);
  state.stick = true;
  try {
    if (text.startsWith('/')) {
      const command = text.split(/\s+/)[0];
      if (command !== '/insights') {
        setStatus(command + ' is not a command in this sandbox: try /insights help.', 'error');
        return;
      }
      const r = await post('/sandbox/command', { channel, text });
      setStatus(r.ok ? '' : '/insights failed: ' + failure(r), r.ok ? '' : 'error');
    } else {
      const r = await post('/sandbox/message', { channel, text });
      if (!r.ok) setStatus('Your message was not posted: ' + failure(r), 'error');
    }
  } catch (err) {
    setStatus('The sandbox is not answering (' + err.message + ').', 'error');
  }
});

els.input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    els.form.requestSubmit();
  } else if (e.key === 'ArrowUp' && els.input.value === '' && state.history.length > 0) {
    e.preventDefault();
    els.input.value = state.history[state.history.length - 1];
    autosize();
  }
});
els.input.addEventListener('input', autosize);

// Block Kit buttons: a block_actions payload to the bot; url buttons also open their link (new tab).
els.list.addEventListener('click', async (e) => {
  const target = e.target instanceof Element ? e.target.closest('[data-action-id]') : null;
  const article = target ? target.closest('article[data-ts]') : null;
  if (!target || !article) return;
  const body = {
    channel: article.dataset.channel,
    ts: article.dataset.ts,
    actionId: target.dataset.actionId,
    blockId: target.dataset.blockId,
  };
  if (target.dataset.value !== undefined) body.value = target.dataset.value;
  const isButton = target.tagName === 'BUTTON';
  if (isButton) {
    if (target.getAttribute('aria-busy') === 'true') return;
    target.setAttribute('aria-busy', 'true');
  }
  try {
    const r = await post('/sandbox/action', body);
    if (!r.ok) setStatus('The button did not work: ' + failure(r), 'error');
  } catch (err) {
    setStatus('The sandbox is not answering (' + err.message + ').', 'error');
  } finally {
    if (isButton) target.removeAttribute('aria-busy');
  }
});

els.list.addEventListener('scroll', () => {
  state.stick = nearBottom();
});
els.list.addEventListener(
  'load',
  (e) => {
    if (e.target instanceof HTMLImageElement && state.stick) scrollToEnd();
  },
  true,
);

for (const button of document.querySelectorAll('[data-control]')) {
  button.addEventListener('click', async () => {
    if (button.getAttribute('aria-busy') === 'true') return;
    button.setAttribute('aria-busy', 'true');
    setStatus(button.textContent.trim() + '…');
    try {
      const r = await post('/sandbox/controls/' + button.dataset.control, {});
      setStatus(r.ok ? r.data.text : failure(r), r.ok ? 'done' : 'error');
    } catch (err) {
      setStatus('The sandbox is not answering (' + err.message + ').', 'error');
    } finally {
      button.removeAttribute('aria-busy');
    }
  });
}

els.toggle.addEventListener('click', () => {
  const open = !document.body.classList.contains('nav-open');
  setNavOpen(open);
  if (open) {
    const link = document.querySelector('#sidebar a[aria-current="page"]') || document.querySelector('#sidebar a');
    if (link) link.focus();
  }
});
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && document.body.classList.contains('nav-open')) {
    setNavOpen(false);
    els.toggle.focus();
  }
});
// Following the link of the open channel changes no hash: close the drawer and go to the composer anyway.
els.channels.parentElement.addEventListener('click', (e) => {
  const link = e.target instanceof Element ? e.target.closest('a[data-channel]') : null;
  if (!link || link.dataset.channel !== state.current) return;
  e.preventDefault();
  setNavOpen(false);
  els.input.focus();
});
window.addEventListener('hashchange', () => {
  selectChannel(decodeURIComponent(location.hash.slice(1)));
  els.input.focus();
});

connect();
`;

/** The whole script: the renderer's source, then the app. `__name` covers tsx's keepNames helper. */
export const PAGE_JS = `// Insights Bot sandbox page: generated from src/sandbox/page/page-js.ts and render.ts.
const __name = (fn) => fn;
${rendererSource()}
${APP_JS}`;
