// @ts-check
/**
 * The sandbox page's App Home: the bot's Home tab as it was last published for the user (opening it
 * sends `app_home_opened`, as Slack does), its buttons, and the modals the bot opens, with working
 * inputs (channel picker, select, text) whose Submit is a `view_submission` (browser code: type-checked
 * by tsconfig.page.json).
 */
import { post } from './dom.js';

/** @import { PageView, RenderContext } from '../page-types.js' */
/** @import { SandboxRenderer } from '../render.js' */
/** @import { AppState } from './app-state.js' */

/**
 * @typedef {object} HomeElements
 * @property {HTMLElement} home the Home tab's panel
 * @property {HTMLElement} messages
 * @property {HTMLElement} composer
 * @property {HTMLElement} title
 * @property {HTMLElement} homeLink the sidebar's link to the Home tab
 * @property {HTMLDialogElement} modal
 */

/** @typedef {Record<string, unknown>} Obj */

/** @param {unknown} v @returns {v is Obj} */
const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** @param {unknown} v */
const str = (v) => (typeof v === 'string' ? v : '');
/** @param {unknown} t */
const plain = (t) => (isObj(t) ? str(t.text) : '');

/**
 * @param {{ R: SandboxRenderer; els: HomeElements; state: AppState; ctx: () => RenderContext; setStatus: (text: string, kind?: string) => void }} deps
 */
export function createHomeView({ R, els, state, ctx, setStatus }) {
  /** @type {PageView | null} */
  let home = null;
  /** @type {PageView | null} */
  let modal = null;

  function renderHome() {
    if (!home) {
      els.home.innerHTML = '<p class="empty">Opening the Home tab…</p>';
      return;
    }
    els.home.innerHTML = `<div class="home-view" data-view-id="${R.escapeHtml(home.id)}">${R.blocks(home.blocks, ctx())}</div>`;
  }

  /** Shows the Home tab instead of a channel, and tells the bot it was opened. */
  function show() {
    state.current = 'home';
    els.messages.hidden = true;
    els.composer.hidden = true;
    els.home.hidden = false;
    els.title.textContent = 'Insights Bot · Home';
    document.title = 'Home · Insights Bot sandbox';
    els.homeLink.setAttribute('aria-current', 'page');
    renderHome();
    post('/sandbox/home/open', {}).then((r) => {
      if (!r.ok) setStatus('The bot did not answer app_home_opened.', 'error');
    });
  }

  function hide() {
    els.home.hidden = true;
    els.messages.hidden = false;
    els.composer.hidden = false;
    els.homeLink.removeAttribute('aria-current');
  }

  /** @param {PageView | null} view */
  function setHome(view) {
    home = view;
    if (state.current === 'home') renderHome();
  }

  /**
   * An input block as a form control.
   * @param {Obj} b
   */
  function input(b) {
    const blockId = str(b.block_id);
    const el = isObj(b.element) ? b.element : {};
    const id = `modal-${blockId}`;
    const name = `${blockId}|${str(el.action_id)}|${str(el.type)}`;
    const label = `<label for="${R.escapeHtml(id)}">${R.escapeHtml(plain(b.label))}${b.optional ? ' <span class="optional">(optional)</span>' : ''}</label>`;
    let control = '';
    if (el.type === 'conversations_select' || el.type === 'channels_select') {
      const options = state.channels
        .filter((c) => c.kind !== 'dm')
        .map(
          (c) =>
            `<option value="${R.escapeHtml(c.id)}">${c.kind === 'private' ? '🔒 ' : '#'}${R.escapeHtml(c.name)}</option>`,
        );
      control = `<select id="${id}" name="${R.escapeHtml(name)}"><option value="">${R.escapeHtml(plain(el.placeholder) || 'Pick a channel')}</option>${options.join('')}</select>`;
    } else if (el.type === 'static_select') {
      const initial = isObj(el.initial_option) ? str(el.initial_option.value) : '';
      const options = (Array.isArray(el.options) ? el.options : []).filter(isObj).map((o) => {
        const value = str(o.value);
        return `<option value="${R.escapeHtml(value)}"${value === initial ? ' selected' : ''}>${R.escapeHtml(plain(o.text))}</option>`;
      });
      control = `<select id="${id}" name="${R.escapeHtml(name)}">${options.join('')}</select>`;
    } else {
      const max = typeof el.max_length === 'number' ? ` maxlength="${el.max_length}"` : '';
      control = `<input id="${id}" type="text" name="${R.escapeHtml(name)}" placeholder="${R.escapeHtml(plain(el.placeholder))}"${max}>`;
    }
    const hint = b.hint ? `<p class="field-hint">${R.escapeHtml(plain(b.hint))}</p>` : '';
    return `<div class="field" data-block-id="${R.escapeHtml(blockId)}">${label}${control}${hint}<p class="field-error" role="alert"></p></div>`;
  }

  function renderModal() {
    if (!modal) {
      if (els.modal.open) els.modal.close();
      return;
    }
    const blocks = modal.blocks
      .map((b) => (isObj(b) && b.type === 'input' ? input(b) : R.block(b, ctx())))
      .join('');
    els.modal.innerHTML = [
      `<form method="dialog" class="modal-form" data-view-id="${R.escapeHtml(modal.id)}">`,
      `<h2 class="modal-title">${R.escapeHtml(plain(modal.title))}</h2>`,
      `<div class="modal-body">${blocks}</div>`,
      '<div class="modal-actions">',
      `<button type="button" class="bk-btn" data-modal="close">${R.escapeHtml(plain(modal.close) || 'Cancel')}</button>`,
      `<button type="submit" class="bk-btn bk-btn-primary">${R.escapeHtml(plain(modal.submit) || 'Submit')}</button>`,
      '</div></form>',
    ].join('');
    if (!els.modal.open) els.modal.showModal();
  }

  /** @param {PageView | null} view */
  function setModal(view) {
    modal = view;
    renderModal();
  }

  /** view_submission values from the form, as Slack puts them in `view.state.values`. */
  function values() {
    /** @type {Record<string, Record<string, unknown>>} */
    const out = {};
    for (const el of els.modal.querySelectorAll('select, input')) {
      if (!(el instanceof HTMLSelectElement || el instanceof HTMLInputElement)) continue;
      const [blockId = '', actionId = '', type = ''] = el.name.split('|');
      const value = el.value;
      /** @type {Record<string, unknown>} */
      let entry = { type, value: value || null };
      if (type === 'conversations_select') entry = { type, selected_conversation: value || null };
      if (type === 'channels_select') entry = { type, selected_channel: value || null };
      if (type === 'static_select') entry = { type, selected_option: value ? { value } : null };
      out[blockId] = { [actionId]: entry };
    }
    return out;
  }

  els.home.addEventListener('click', async (e) => {
    const target = e.target instanceof Element ? e.target.closest('[data-action-id]') : null;
    if (!(target instanceof HTMLElement)) return;
    if (target.getAttribute('aria-busy') === 'true') return;
    target.setAttribute('aria-busy', 'true');
    try {
      const r = await post('/sandbox/home/action', {
        actionId: target.dataset.actionId,
        blockId: target.dataset.blockId,
      });
      if (!r.ok) setStatus(`The button did not work: ${r.data.error ?? r.status}`, 'error');
    } finally {
      target.removeAttribute('aria-busy');
    }
  });

  els.modal.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!modal) return;
    const r = await post('/sandbox/home/submit', { viewId: modal.id, values: values() });
    const errors = /** @type {{ errors?: Record<string, string> }} */ (r.data).errors;
    for (const field of els.modal.querySelectorAll('.field')) {
      if (!(field instanceof HTMLElement)) continue;
      const message = errors?.[field.dataset.blockId ?? ''] ?? '';
      const slot = field.querySelector('.field-error');
      if (slot) slot.innerHTML = message ? R.mrkdwn(message, ctx()) : '';
    }
    if (!r.ok) setStatus(`The modal was not submitted: ${r.data.error ?? r.status}`, 'error');
  });
  els.modal.addEventListener('click', (e) => {
    if (e.target instanceof HTMLElement && e.target.dataset.modal === 'close' && modal) {
      post('/sandbox/home/close', { viewId: modal.id });
      setModal(null);
    }
  });
  els.modal.addEventListener('cancel', () => {
    if (modal) post('/sandbox/home/close', { viewId: modal.id });
  });

  return { show, hide, setHome, setModal };
}
