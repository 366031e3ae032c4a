// @ts-check
/** What the sandbox page knows (browser code: type-checked by tsconfig.page.json). */

/** @import { PageChannel, PageMessage } from '../page-types.js' */

/**
 * @typedef {object} AppState
 * @property {boolean} ready
 * @property {string} user
 * @property {Record<string, string>} users
 * @property {PageChannel[]} channels
 * @property {Map<string, PageMessage>} messages "channel ts" -> page message
 * @property {string} current the open channel's id
 * @property {Set<string>} unread
 * @property {boolean} stick keep the list scrolled to its end
 * @property {string[]} history what the user sent, for ↑
 */

/** @returns {AppState} */
export function createAppState() {
  return {
    ready: false,
    user: '',
    users: {},
    channels: [],
    messages: new Map(),
    current: '',
    unread: new Set(),
    stick: true,
    history: [],
  };
}
