/**
 * What the sandbox page receives from the server (`/sandbox/state`, `/sandbox/events`) and renders.
 * Plain data and no imports, so the browser code's type check (tsconfig.page.json) can use them too.
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

export interface PageChannel {
  id: string;
  name: string;
  kind: 'channel' | 'private' | 'dm';
  /** Sidebar label: the channel name, or who the DM is with. */
  label: string;
  archived: boolean;
}

/** A view the bot gave the user: their Home tab, or an open modal. */
export interface PageView {
  id: string;
  type: 'home' | 'modal';
  /** With `slack_file` images made same-origin, like messages'. */
  blocks: unknown[];
  callbackId?: string;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
}

export interface PageState {
  user: string;
  botUserId: string;
  /** Display names by user id. */
  users: Record<string, string>;
  channels: PageChannel[];
  /** Every message the user can see, in order (thread replies included). */
  messages: PageMessage[];
  /** The user's Home tab as the bot last published it; null until the tab is first opened. */
  home: PageView | null;
  /** The modal open for the user, if any. */
  modal: PageView | null;
}
