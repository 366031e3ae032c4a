// @ts-check
/**
 * The sandbox page's app (browser code: type-checked by tsconfig.page.json, served from
 * /sandbox/browser/). `/sandbox/page.js` ships the server's renderer and calls `startPage` with it.
 * The app follows `/sandbox/events` (SSE) and sends commands, button presses and control clicks to the
 * `/sandbox/*` routes.
 */
import { createAppState } from './app-state.js';
import { createChannelView, renderContext } from './channel-view.js';
import { byId, errorMessage, failure, post } from './dom.js';
import { createHomeView } from './home-view.js';

/** @import { PageChannel, PageMessage, PageState, PageView } from '../page-types.js' */
/** @import { SandboxRenderer } from '../render.js' */

/**
 * @param {SandboxRenderer} R the renderer of render.ts
 */
export function startPage(R) {
  const els = {
    list: byId('messages', HTMLElement),
    channels: byId('channel-list', HTMLElement),
    dms: byId('dm-list', HTMLElement),
    sidebar: byId('sidebar', HTMLElement),
    title: byId('channel-title', HTMLElement),
    status: byId('status', HTMLElement),
    connection: byId('connection', HTMLElement),
    form: byId('composer', HTMLFormElement),
    input: byId('composer-input', HTMLTextAreaElement),
    label: byId('composer-label', HTMLElement),
    toggle: byId('nav-toggle', HTMLElement),
  };
  const state = createAppState();
  /** @type {ReturnType<typeof createHomeView> | undefined} */
  let home;
  const view = createChannelView({
    R,
    els,
    state,
    onHome: () => home?.show(),
    onChannel: () => home?.hide(),
  });

  /**
   * @param {string} text mrkdwn
   * @param {string} [kind] 'error' or 'done'
   */
  function setStatus(text, kind) {
    els.status.className = `status${kind ? ` ${kind}` : ''}`;
    els.status.innerHTML = text ? R.mrkdwn(text, renderContext(state)) : '';
  }

  /** @param {boolean} live */
  function setConnection(live) {
    els.connection.textContent = live ? 'Connected to the sandbox' : 'Reconnecting…';
    els.connection.classList.toggle('offline', !live);
  }

  home = createHomeView({
    R,
    els: {
      home: byId('home', HTMLElement),
      messages: els.list,
      composer: els.form,
      title: els.title,
      homeLink: byId('home-link', HTMLElement),
      modal: byId('modal', HTMLDialogElement),
    },
    state,
    ctx: () => renderContext(state),
    setStatus,
  });

  /** @param {unknown} err */
  const notAnswering = (err) => setStatus(`The sandbox is not answering (${errorMessage(err)}).`, 'error');

  function connect() {
    const events = new EventSource('/sandbox/events');
    events.addEventListener('state', (e) => {
      const s = /** @type {PageState} */ (JSON.parse(e.data));
      home?.setHome(s.home);
      home?.setModal(s.modal);
      view.applyState(s);
      setConnection(true);
    });
    events.addEventListener('home', (e) => home?.setHome(/** @type {PageView} */ (JSON.parse(e.data))));
    events.addEventListener('modal', (e) =>
      home?.setModal(/** @type {PageView | null} */ (JSON.parse(e.data))),
    );
    events.addEventListener('upsert', (e) => view.upsert(/** @type {PageMessage} */ (JSON.parse(e.data))));
    events.addEventListener('remove', (e) =>
      view.removeMessage(/** @type {{ channel: string; ts: string }} */ (JSON.parse(e.data))),
    );
    events.addEventListener('channels', (e) => {
      state.channels = /** @type {PageChannel[]} */ (JSON.parse(e.data));
      view.renderSidebar();
    });
    events.addEventListener('error', () => setConnection(false));
  }

  function autosize() {
    els.input.style.height = 'auto';
    els.input.style.height = `${Math.min(els.input.scrollHeight, 160)}px`;
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
          setStatus(`${command} is not a command in this sandbox: try /insights help.`, 'error');
          return;
        }
        const r = await post('/sandbox/command', { channel, text });
        setStatus(r.ok ? '' : `/insights failed: ${failure(r)}`, r.ok ? '' : 'error');
      } else {
        const r = await post('/sandbox/message', { channel, text });
        if (!r.ok) setStatus(`Your message was not posted: ${failure(r)}`, 'error');
      }
    } catch (err) {
      notAnswering(err);
    }
  });

  els.input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      els.form.requestSubmit();
    } else if (e.key === 'ArrowUp' && els.input.value === '' && state.history.length > 0) {
      e.preventDefault();
      els.input.value = state.history.at(-1) ?? '';
      autosize();
    }
  });
  els.input.addEventListener('input', autosize);

  // Block Kit buttons: a block_actions payload to the bot; url buttons also open their link (new tab).
  els.list.addEventListener('click', async (e) => {
    const target = e.target instanceof Element ? e.target.closest('[data-action-id]') : null;
    const article = target ? target.closest('article[data-ts]') : null;
    if (!(target instanceof HTMLElement) || !(article instanceof HTMLElement)) return;
    /** @type {Record<string, string | undefined>} */
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
      if (!r.ok) setStatus(`The button did not work: ${failure(r)}`, 'error');
    } catch (err) {
      notAnswering(err);
    } finally {
      if (isButton) target.removeAttribute('aria-busy');
    }
  });

  els.list.addEventListener('scroll', () => {
    state.stick = view.nearBottom();
  });
  els.list.addEventListener(
    'load',
    (e) => {
      if (e.target instanceof HTMLImageElement && state.stick) view.scrollToEnd();
    },
    true,
  );

  for (const button of document.querySelectorAll('[data-control]')) {
    if (!(button instanceof HTMLElement)) continue;
    button.addEventListener('click', async () => {
      if (button.getAttribute('aria-busy') === 'true') return;
      button.setAttribute('aria-busy', 'true');
      setStatus(`${(button.textContent ?? '').trim()}…`);
      try {
        const r = await post(`/sandbox/controls/${button.dataset.control}`, {});
        setStatus(r.ok ? (r.data.text ?? '') : failure(r), r.ok ? 'done' : 'error');
      } catch (err) {
        notAnswering(err);
      } finally {
        button.removeAttribute('aria-busy');
      }
    });
  }

  els.toggle.addEventListener('click', () => {
    const open = !document.body.classList.contains('nav-open');
    view.setNavOpen(open);
    if (open) {
      const link =
        document.querySelector('#sidebar a[aria-current="page"]') || document.querySelector('#sidebar a');
      if (link instanceof HTMLElement) link.focus();
    }
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && document.body.classList.contains('nav-open')) {
      view.setNavOpen(false);
      els.toggle.focus();
    }
  });
  // Following the link of the open channel changes no hash: close the drawer and go to the composer anyway.
  els.sidebar.addEventListener('click', (e) => {
    const link = e.target instanceof Element ? e.target.closest('a[data-channel]') : null;
    if (!(link instanceof HTMLElement) || link.dataset.channel !== state.current) return;
    e.preventDefault();
    view.setNavOpen(false);
    els.input.focus();
  });
  window.addEventListener('hashchange', () => {
    view.selectChannel(decodeURIComponent(location.hash.slice(1)));
    els.input.focus();
  });

  connect();
}
