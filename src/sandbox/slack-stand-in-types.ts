/** State and API types of the Slack stand-in (re-exported by `slack-stand-in.ts`). */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface StandInChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  isArchived: boolean;
  /** User ids, including the bot user id when the bot is a member. */
  members: Set<string>;
  /** Group DM opened by conversations.open with several users. */
  isMpim?: boolean;
  /** The other user of a DM. */
  imUser?: string;
}

export interface StandInFile {
  id: string;
  filename: string;
  title?: string;
  altText?: string;
  bytes: Buffer;
  mimetype: string;
  /** The channel the file was last shared to by files.completeUploadExternal. */
  channelId?: string;
  /** `http://host:port/files/<id>/<filename>`, served by GET. */
  url: string;
  /** `length` given to files.getUploadURLExternal. */
  declaredLength: number;
  /** Set when the bytes arrived at the upload URL. */
  uploadedAt?: number;
  /** Set by files.completeUploadExternal. */
  completedAt?: number;
}

export interface StandInMessageFile {
  id: string;
  filename: string;
  title?: string;
  url: string;
  mimetype: string;
}

export interface StandInMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  user: string;
  /** Set for messages posted by the bot. */
  botId?: string;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: unknown;
  files?: StandInMessageFile[];
  /** User id the message is shown to, for ephemeral messages. */
  ephemeralTo?: string;
  /** Epoch ms of the last chat.update or replace_original. */
  editedAt?: number;
  replaceCount: number;
  /** Posted through a response_url. */
  viaResponseUrl?: boolean;
}

/** A message as given to `addMessage`: the stand-in assigns `ts` and `replaceCount`. */
export type NewMessage = Omit<StandInMessage, 'ts' | 'replaceCount'>;

/** A view the bot published (a user's Home tab) or opened (a modal), as views.publish / views.open keep it. */
export interface StandInView {
  /** `V…` */
  id: string;
  type: 'home' | 'modal';
  /** Whose Home tab it is, or who the modal was opened for. */
  user: string;
  callbackId?: string;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  privateMetadata?: string;
  blocks: unknown[];
  /** Changes with every publish (views.publish `hash` must match it when given). */
  hash: string;
  /** Modals: closed by a successful view_submission (the page's Submit) or Cancel. */
  closed?: boolean;
}

export interface RecordedCall {
  /** Web API method, or `upload_url` / `response_url` for posts to those URLs. */
  method: string;
  /** Form fields with the JSON fields (blocks, files, attachments, metadata) decoded; token removed. */
  args: Record<string, unknown>;
  token?: string;
  status: number;
  response: unknown;
  at: number;
}

export interface ChannelInit {
  id: string;
  name: string;
  isPrivate?: boolean;
  isIm?: boolean;
  isArchived?: boolean;
  /** Default: true for DMs, false otherwise. */
  botIsMember?: boolean;
  /** Other members (user ids). */
  members?: string[];
  /** The other user of a DM. */
  imUser?: string;
  isMpim?: boolean;
}

export type StandInFailure =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 }
  | { error: string };

export interface StandInEvents {
  /** A new or changed message (the same object, mutated on change). */
  message: StandInMessage;
  call: RecordedCall;
  /** A message removed by chat.delete or delete_original. */
  delete: StandInMessage;
  /** A Home tab published, or a modal opened or closed. */
  view: StandInView;
}

export interface StandInSnapshot {
  botUserId: string;
  botId: string;
  teamId: string;
  channels: Array<Omit<StandInChannel, 'members'> & { members: string[] }>;
  messages: StandInMessage[];
  files: Array<Omit<StandInFile, 'bytes'> & { size: number }>;
}

export interface SlackStandIn {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `${url}/api/`: pass as WebClient `slackApiUrl`. */
  readonly apiUrl: string;
  readonly calls: RecordedCall[];
  readonly channels: Map<string, StandInChannel>;
  readonly files: Map<string, StandInFile>;
  readonly messages: StandInMessage[];
  /** The Home tab each user was last given by views.publish. */
  readonly homeViews: Map<string, StandInView>;
  /** Every modal views.open opened, oldest first (closed ones too). */
  readonly modals: StandInView[];
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  /**
   * A trigger_id for an interaction of `user` (put it in the payload sent to the bot): views.open takes it
   * once, within 3 s, as Slack does; an unknown one is `invalid_trigger_id`.
   */
  issueTrigger(user: string): string;
  /** Closes an open modal (after its submission was accepted, or on Cancel). */
  closeModal(id: string): void;
  addChannel(c: ChannelInit): StandInChannel;
  /** Adds a person with an email (kept across reset()). */
  addUser(user: StandInUser): void;
  /** The people with an email, by user ID. */
  readonly users: ReadonlyMap<string, StandInUser>;
  /** Insert a message as if someone posted it (e.g. a human user typing in the sandbox page). */
  addMessage(message: NewMessage): StandInMessage;
  /**
   * Queue a failure for the next call(s) of `method`: an HTTP 429 with Retry-After seconds, an HTTP 5xx,
   * or a Slack `{ok:false,error}`. Failures queue in order and each is used once. `method` may also be
   * `upload_url` or `response_url` (there `{error}` answers HTTP 400 with the error as text).
   */
  failNext(method: string, failure: StandInFailure, options?: { channel?: string }): void;
  /**
   * Make the next call of `method` (for `channel`, when given) hang: the request is accepted and never
   * answered (recorded with status 0). With `handled: true` (Web API methods only) the call takes effect
   * first (the message is stored), as when the response is lost; otherwise it has no effect. Hung
   * requests end on close().
   */
  hangNext(method: string, options?: { handled?: boolean; channel?: string }): void;
  /**
   * A response_url for a slash command or action issued by `userId` in `channelId`. POSTing JSON there
   * records a message (ephemeral unless response_type is 'in_channel'); replace_original / delete_original
   * act on `messageTs` when given, else on the last message posted through this URL.
   */
  responseUrl(channelId: string, userId: string, messageTs?: string): string;
  /** Messages of a channel in order, thread replies included (ephemeral ones only for `forUser`). */
  history(channelId: string, forUser?: string): StandInMessage[];
  /** Replies of a thread in order (without the parent; ephemeral ones only for `forUser`). */
  thread(channelId: string, threadTs: string, forUser?: string): StandInMessage[];
  /**
   * Resolves when `predicate` returns a truthy value for the state after some request (checked at once
   * too); rejects after timeoutMs (default 5000) with the recent calls in the message. No polling.
   */
  waitFor<T>(predicate: (s: SlackStandIn) => T | undefined | false | null, timeoutMs?: number): Promise<T>;
  /** Subscribe to 'message', 'call' or 'delete' events. Returns an unsubscribe function. */
  on<E extends keyof StandInEvents>(event: E, listener: (payload: StandInEvents[E]) => void): () => void;
  /** JSON-ready copy of the state (no file bytes), for the sandbox page. */
  snapshot(): StandInSnapshot;
  /**
   * Clears calls, messages, files, views, triggers, failures and response URLs. Channels stay but go back to how they
   * were added (membership, archived flag); DMs opened by conversations.open are dropped.
   */
  reset(): void;
  close(): Promise<void>;
}

/** A person of the stand-in's workspace whose email the bot can look up (users.lookupByEmail, users.info). */
export interface StandInUser {
  id: string;
  email: string;
  name?: string;
}

export interface SlackStandInOptions {
  /** People with an email in the workspace; anyone else is unknown to users.lookupByEmail. */
  users?: StandInUser[];
  /** Asked for an email nobody has: a person to add (the sandbox's demo members), or none (`users_not_found`). */
  findUser?: (email: string) => StandInUser | undefined;
  port?: number;
  host?: string;
  botUserId?: string;
  botId?: string;
  teamId?: string;
  /** Clock for message `ts` and call `at` (epoch ms; default Date.now), so tests can use a fake clock. */
  now?: () => number;
  /** The accepted bot token; when set, other tokens get `invalid_auth`. */
  token?: string;
  channels?: ChannelInit[];
  /** Handles requests that match no stand-in route (default: 404), e.g. the sandbox page. */
  onUnhandled?: (req: IncomingMessage, res: ServerResponse) => void;
}

/** A human user who is in every default channel and owns the default DM. */
export const DEFAULT_USER_ID = 'U0USER';

export const DEFAULT_CHANNELS: readonly ChannelInit[] = [
  { id: 'C0GENERAL', name: 'general', botIsMember: true, members: [DEFAULT_USER_ID] },
  { id: 'C0INSIGHTS', name: 'docker-insights', botIsMember: true, members: [DEFAULT_USER_ID] },
  { id: 'C0SECURITY', name: 'security', botIsMember: false, members: [DEFAULT_USER_ID] },
  { id: 'G0PRIVATE', name: 'leadership', isPrivate: true, botIsMember: false, members: [DEFAULT_USER_ID] },
  { id: 'D0DM', name: DEFAULT_USER_ID, isIm: true, botIsMember: true, imUser: DEFAULT_USER_ID },
];
