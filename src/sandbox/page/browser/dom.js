// @ts-check
/**
 * Small DOM and network helpers of the sandbox page (browser code: type-checked by
 * tsconfig.page.json, served from /sandbox/browser/).
 */

/**
 * The element with this id, of this type; throws when the page has none (page-html.ts and this code
 * disagree).
 * @template {HTMLElement} T
 * @param {string} id
 * @param {{ new (): T }} type
 * @returns {T}
 */
export function byId(id, type) {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`The sandbox page has no #${id} (${type.name})`);
  return el;
}

/**
 * The first match of `selector` under `el`, for elements this code created itself.
 * @param {Element} el
 * @param {string} selector
 * @returns {Element}
 */
export function child(el, selector) {
  const found = el.querySelector(selector);
  if (!found) throw new Error(`No ${selector} in the sandbox page's ${el.tagName.toLowerCase()}`);
  return found;
}

/**
 * @typedef {object} PostResult
 * @property {boolean} ok `ok: true` in a 2xx JSON answer
 * @property {number} status
 * @property {{ ok?: unknown; text?: string; error?: string }} data
 */

/**
 * POSTs JSON to a sandbox route.
 * @param {string} path
 * @param {unknown} body
 * @returns {Promise<PostResult>}
 */
export async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  /** @type {PostResult['data']} */
  let data = {};
  try {
    data = (await res.json()) || {};
  } catch {
    data = {};
  }
  return { ok: res.ok && data.ok === true, status: res.status, data };
}

/**
 * What went wrong, for the status line.
 * @param {PostResult} r
 */
export const failure = (r) => r.data.text || r.data.error || `HTTP ${r.status}`;

/**
 * @param {unknown} err
 */
export const errorMessage = (err) => (err instanceof Error ? err.message : String(err));
