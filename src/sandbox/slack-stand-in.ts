/**
 * A local stand-in for Slack's Web API (node:http only) for end-to-end tests with the real
 * `@slack/web-api` WebClient over loopback, and the state behind the browser sandbox page.
 *
 * Routes: `POST|GET /api/<method>` (Web API), `POST /upload/<fileId>` (the `upload_url` of
 * files.getUploadURLExternal), `GET /files/<id>/<name>` (file bytes), `POST /response/<id>` (response_url).
 * Wire format and error codes follow docs/slack-platform.md §2, §3, §4 and §10.3.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { MultipartError, multipartBoundary, parseMultipart } from './multipart.js';
import { bool, parseApiArgs, readBody, str } from './request-body.js';
import { WEB_API_METHODS } from './slack-stand-in-methods.js';
import {
  type ChannelInit,
  DEFAULT_CHANNELS,
  type NewMessage,
  type RecordedCall,
  type SlackStandIn,
  type SlackStandInOptions,
  type StandInChannel,
  type StandInEvents,
  type StandInFailure,
  type StandInFile,
  type StandInMessage,
  type StandInSnapshot,
} from './slack-stand-in-types.js';
import { type ApiResponse, checkBlocks, fail, type StandInCore } from './slack-stand-in-wire.js';

export {
  type ChannelInit,
  DEFAULT_CHANNELS,
  DEFAULT_USER_ID,
  type NewMessage,
  type RecordedCall,
  type SlackStandIn,
  type SlackStandInOptions,
  type StandInChannel,
  type StandInEvents,
  type StandInFailure,
  type StandInFile,
  type StandInMessage,
  type StandInMessageFile,
  type StandInSnapshot,
} from './slack-stand-in-types.js';

const API_BODY_LIMIT = 2 * 1024 * 1024;
const UPLOAD_BODY_LIMIT = 50 * 1024 * 1024;
const SCOPES =
  'chat:write,chat:write.public,channels:join,channels:read,groups:read,im:write,files:write,users:read';

type CallBase = Pick<RecordedCall, 'method' | 'args' | 'token'>;
/** A queued failure or hang; `channel` limits it to calls for that channel (args.channel / channel_id). */
type Queued = { failure: StandInFailure | { hang: 'before' | 'after' }; channel?: string };

const METHODS = WEB_API_METHODS;
type Listener = (payload: never) => void;

function bearer(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class StandIn implements SlackStandIn, StandInCore {
  url = '';
  apiUrl = '';
  readonly calls: RecordedCall[] = [];
  readonly channels = new Map<string, StandInChannel>();
  readonly files = new Map<string, StandInFile>();
  readonly messages: StandInMessage[] = [];
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  readonly server: Server;
  private readonly token: string | undefined;
  private readonly onUnhandled: SlackStandInOptions['onUnhandled'];
  private readonly channelDefs = new Map<string, ChannelInit>();
  private readonly failures = new Map<string, Queued[]>();
  /** Requests accepted but never answered (hangNext); destroyed on close. */
  private readonly hung = new Set<ServerResponse>();
  private readonly now: () => number;
  private readonly responseTargets = new Map<
    string,
    { channelId: string; userId: string; messageTs?: string; lastTs?: string }
  >();
  private readonly listeners = new Map<keyof StandInEvents, Set<Listener>>();
  private readonly waiters = new Set<{ check: () => void; abort: (error: Error) => void }>();
  private lastTsMicros = 0;
  private idCounter = 0;

  constructor(options: SlackStandInOptions) {
    this.botUserId = options.botUserId ?? 'U0BOT';
    this.botId = options.botId ?? 'B0BOT';
    this.teamId = options.teamId ?? 'T0TEAM';
    this.token = options.token;
    this.now = options.now ?? Date.now;
    this.onUnhandled = options.onUnhandled;
    for (const c of options.channels ?? DEFAULT_CHANNELS) this.addChannel(c);
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
  }

  // ---- StandInCore -------------------------------------------------------------------------------

  findChannel(ref: string): StandInChannel | undefined {
    const byId = this.channels.get(ref);
    if (byId) return byId;
    const name = ref.replace(/^#/, '');
    return [...this.channels.values()].find((c) => !c.isIm && !c.isMpim && c.name === name);
  }

  openConversation(users: string[]): { channel: StandInChannel; existed: boolean } {
    const wanted = [...new Set(users)].sort();
    const existing = [...this.channels.values()].find((c) =>
      wanted.length === 1
        ? c.isIm && c.imUser === wanted[0]
        : c.isMpim && c.members.size === wanted.length + 1 && wanted.every((u) => c.members.has(u)),
    );
    if (existing) return { channel: existing, existed: true };
    const im = wanted.length === 1;
    const channel: StandInChannel = {
      id: this.newId(im ? 'D' : 'G'),
      name: im ? (wanted[0] ?? '') : `mpdm-${wanted.join('--').toLowerCase()}-1`,
      isPrivate: !im,
      isIm: im,
      isArchived: false,
      members: new Set([this.botUserId, ...wanted]),
      ...(im ? { imUser: wanted[0] } : { isMpim: true }),
    };
    this.channels.set(channel.id, channel);
    return { channel, existed: false };
  }

  newId(prefix: string): string {
    this.idCounter += 1;
    return `${prefix}0${this.idCounter.toString(36).toUpperCase().padStart(8, '0')}`;
  }

  /** Unique, increasing `seconds.micros` timestamps near the wall clock. */
  private nextTs(): string {
    this.lastTsMicros = Math.max(Math.floor(this.now()) * 1000, this.lastTsMicros + 1);
    const seconds = Math.floor(this.lastTsMicros / 1e6);
    return `${seconds}.${String(this.lastTsMicros % 1e6).padStart(6, '0')}`;
  }

  addMessage(message: NewMessage): StandInMessage {
    const stored: StandInMessage = { ...message, ts: this.nextTs(), replaceCount: 0 };
    this.messages.push(stored);
    this.emit('message', stored);
    return stored;
  }

  changeMessage(message: StandInMessage): void {
    this.emit('message', message);
  }

  removeMessage(message: StandInMessage): void {
    const index = this.messages.indexOf(message);
    if (index >= 0) this.messages.splice(index, 1);
    this.emit('delete', message);
  }

  // ---- public API ----------------------------------------------------------------------------------

  addChannel(c: ChannelInit): StandInChannel {
    this.channelDefs.set(c.id, { ...c });
    const channel = this.buildChannel(c);
    this.channels.set(c.id, channel);
    this.notify();
    return channel;
  }

  private buildChannel(c: ChannelInit): StandInChannel {
    const members = new Set(c.members ?? []);
    if (c.imUser) members.add(c.imUser);
    if (c.botIsMember ?? c.isIm ?? false) members.add(this.botUserId);
    return {
      id: c.id,
      name: c.name,
      isPrivate: c.isPrivate ?? false,
      isIm: c.isIm ?? false,
      isArchived: c.isArchived ?? false,
      members,
      ...(c.isMpim ? { isMpim: true } : {}),
      ...(c.imUser ? { imUser: c.imUser } : {}),
    };
  }

  failNext(method: string, failure: StandInFailure, options: { channel?: string } = {}): void {
    this.queue(method, { failure, ...options });
  }

  hangNext(method: string, options: { handled?: boolean; channel?: string } = {}): void {
    const { handled, ...rest } = options;
    this.queue(method, { failure: { hang: handled ? 'after' : 'before' }, ...rest });
  }

  private queue(method: string, entry: Queued): void {
    const queue = this.failures.get(method) ?? [];
    queue.push(entry);
    this.failures.set(method, queue);
  }

  responseUrl(channelId: string, userId: string, messageTs?: string): string {
    const id = randomBytes(12).toString('hex');
    this.responseTargets.set(id, messageTs ? { channelId, userId, messageTs } : { channelId, userId });
    return `${this.url}/response/${id}`;
  }

  history(channelId: string, forUser?: string): StandInMessage[] {
    return this.messages.filter(
      (m) => m.channel === channelId && (m.ephemeralTo === undefined || m.ephemeralTo === forUser),
    );
  }

  thread(channelId: string, threadTs: string, forUser?: string): StandInMessage[] {
    return this.history(channelId, forUser).filter((m) => m.threadTs === threadTs && m.ts !== threadTs);
  }

  waitFor<T>(predicate: (s: SlackStandIn) => T | undefined | false | null, timeoutMs = 5000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter = {
        check: () => {
          let value: T | undefined | false | null;
          try {
            value = predicate(this);
          } catch (error) {
            waiter.abort(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          if (!value) return;
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(value);
        },
        abort: (error: Error) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          reject(error);
        },
      };
      this.waiters.add(waiter);
      waiter.check();
      if (!this.waiters.has(waiter)) return;
      timer = setTimeout(() => {
        const recent = this.calls
          .slice(-10)
          .map((c) => {
            const error =
              isRecord(c.response) && typeof c.response.error === 'string' ? ` ${c.response.error}` : '';
            return `${c.method} ${c.status}${error}`;
          })
          .join(', ');
        waiter.abort(
          new Error(
            `waitFor timed out after ${timeoutMs} ms; recent calls (${this.calls.length}): ${recent || 'none'}`,
          ),
        );
      }, timeoutMs);
    });
  }

  on<E extends keyof StandInEvents>(event: E, listener: (payload: StandInEvents[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    this.listeners.set(event, set);
    set.add(listener as Listener);
    return () => {
      set.delete(listener as Listener);
    };
  }

  snapshot(): StandInSnapshot {
    return {
      botUserId: this.botUserId,
      botId: this.botId,
      teamId: this.teamId,
      channels: [...this.channels.values()].map((c) => ({ ...c, members: [...c.members] })),
      messages: this.messages.map((m) => structuredClone(m)),
      files: [...this.files.values()].map(({ bytes, ...rest }) => ({ ...rest, size: bytes.length })),
    };
  }

  reset(): void {
    this.calls.length = 0;
    this.messages.length = 0;
    this.files.clear();
    this.failures.clear();
    this.responseTargets.clear();
    this.channels.clear();
    for (const def of this.channelDefs.values()) this.channels.set(def.id, this.buildChannel(def));
    this.notify();
  }

  async close(): Promise<void> {
    for (const waiter of [...this.waiters]) waiter.abort(new Error('Slack stand-in closed'));
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---- events ------------------------------------------------------------------------------------

  private emit<E extends keyof StandInEvents>(event: E, payload: StandInEvents[E]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        (listener as (p: StandInEvents[E]) => void)(payload);
      } catch (error) {
        process.emitWarning(`Slack stand-in '${event}' listener failed: ${String(error)}`);
      }
    }
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter.check();
  }

  private record(base: CallBase, status: number, response: unknown): void {
    const call: RecordedCall = { method: base.method, args: base.args, status, response, at: this.now() };
    if (base.token !== undefined) call.token = base.token;
    this.calls.push(call);
    this.emit('call', call);
  }

  // ---- HTTP ----------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [rawPath = '/', query = ''] = (req.url ?? '/').split('?', 2);
    const method = req.method ?? 'GET';
    try {
      if (rawPath.startsWith('/api/') && (method === 'POST' || method === 'GET')) {
        await this.handleApi(req, res, safeDecode(rawPath.slice(5)), new URLSearchParams(query));
      } else if (rawPath.startsWith('/upload/') && method === 'POST') {
        await this.handleUpload(req, res, safeDecode(rawPath.slice(8)));
      } else if (rawPath.startsWith('/files/') && (method === 'GET' || method === 'HEAD')) {
        this.serveFile(res, safeDecode(rawPath.split('/')[2] ?? ''), method === 'HEAD');
      } else if (rawPath.startsWith('/response/') && method === 'POST') {
        await this.handleResponseUrl(req, res, safeDecode(rawPath.slice(10)));
      } else if (this.onUnhandled) {
        this.onUnhandled(req, res);
      } else {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      }
    } catch (error) {
      process.emitWarning(`Slack stand-in failed on ${method} ${rawPath}: ${String(error)}`);
      if (!res.headersSent) {
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end('{"ok":false,"error":"internal_error"}');
      } else {
        res.destroy();
      }
    } finally {
      this.notify();
    }
  }

  private send(
    res: ServerResponse,
    base: CallBase,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    this.record(base, status, body);
    const text = typeof body === 'string';
    res.writeHead(status, {
      'content-type': text ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
      'x-oauth-scopes': SCOPES,
      ...headers,
    });
    res.end(text ? body : JSON.stringify(body));
  }

  /** Takes the first queued failure for this call (by method, and channel when the entry names one). */
  private takeFailure(base: CallBase): Queued['failure'] | undefined {
    const queue = this.failures.get(base.method);
    if (!queue) return undefined;
    const channel = str(base.args, 'channel') ?? str(base.args, 'channel_id');
    const index = queue.findIndex((q) => q.channel === undefined || q.channel === channel);
    const [entry] = index >= 0 ? queue.splice(index, 1) : [];
    if (queue.length === 0) this.failures.delete(base.method);
    return entry?.failure;
  }

  /** Answers with the next queued failure for `method`, if any; 'after' = handle the call, then hang. */
  private sendFailure(res: ServerResponse, base: CallBase, json: boolean): boolean | 'after' {
    const failure = this.takeFailure(base);
    if (!failure) return false;
    if ('hang' in failure) {
      this.hung.add(res);
      if (failure.hang === 'after') return 'after';
      this.record(base, 0, 'hung');
    } else if ('error' in failure) {
      if (json) this.send(res, base, 200, { ok: false, error: failure.error });
      else this.send(res, base, 400, failure.error);
    } else if (failure.status === 429) {
      this.send(
        res,
        base,
        429,
        { ok: false, error: 'ratelimited' },
        { 'retry-after': String(failure.retryAfter) },
      );
    } else {
      this.send(res, base, failure.status, `HTTP ${failure.status} (queued stand-in failure)`);
    }
    return true;
  }

  private async handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    query: URLSearchParams,
  ): Promise<void> {
    const read = await readBody(req, API_BODY_LIMIT);
    const headerToken = bearer(req);
    if (!read.ok) {
      this.send(res, { method, args: {}, token: headerToken }, 413, 'request entity too large');
      return;
    }
    const parsed = parseApiArgs(req.headers['content-type'], read.body, query);
    const token = headerToken ?? parsed.token;
    const base: CallBase = { method, args: parsed.args, token };
    const failed = this.sendFailure(res, base, true);
    if (failed === true) return;
    const handler = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
    let response: ApiResponse;
    if (!handler) response = fail('unknown_method');
    else if (!token) response = fail('not_authed');
    else if (this.token !== undefined && token !== this.token) response = fail('invalid_auth');
    else if (parsed.error) response = fail(parsed.error);
    else response = handler(this, parsed.args);
    if (failed === 'after') {
      // The call took effect but its answer is lost, as when a sender dies mid-call.
      this.record(base, 0, response);
      return;
    }
    this.send(res, base, 200, response);
  }

  private async handleUpload(req: IncomingMessage, res: ServerResponse, fileId: string): Promise<void> {
    const read = await readBody(req, UPLOAD_BODY_LIMIT);
    const base: CallBase = { method: 'upload_url', args: { file_id: fileId }, token: bearer(req) };
    const file = this.files.get(fileId);
    if (!file) return this.send(res, base, 404, 'file not found');
    if (!read.ok) return this.send(res, base, 413, 'request entity too large');
    if (this.sendFailure(res, base, false)) return;
    let bytes = read.body;
    const contentType = req.headers['content-type'];
    if (multipartBoundary(contentType)) {
      let part: { data: Buffer } | undefined;
      try {
        const parts = parseMultipart(read.body, contentType);
        part =
          parts.find((p) => p.name === 'body' || p.name === 'file') ??
          parts.find((p) => p.filename !== undefined) ??
          parts[0];
      } catch (error) {
        if (!(error instanceof MultipartError)) throw error;
      }
      if (!part) return this.send(res, base, 400, 'invalid multipart body');
      bytes = part.data;
    }
    file.bytes = bytes;
    file.uploadedAt = Date.now();
    base.args = { file_id: fileId, filename: file.filename, length: bytes.length };
    this.send(res, base, 200, `OK - ${bytes.length}`);
  }

  private serveFile(res: ServerResponse, fileId: string, headOnly: boolean): void {
    const file = this.files.get(fileId);
    if (!file || file.uploadedAt === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('file not found');
      return;
    }
    res.writeHead(200, { 'content-type': file.mimetype, 'content-length': String(file.bytes.length) });
    res.end(headOnly ? undefined : file.bytes);
  }

  private async handleResponseUrl(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const read = await readBody(req, API_BODY_LIMIT);
    const base: CallBase = { method: 'response_url', args: {}, token: undefined };
    const target = this.responseTargets.get(id);
    if (!target) return this.send(res, base, 404, 'no_such_response_url');
    if (!read.ok) return this.send(res, base, 413, 'request entity too large');
    let payload: unknown;
    try {
      payload = JSON.parse(read.body.toString('utf8'));
    } catch {
      payload = undefined;
    }
    if (!isRecord(payload)) return this.send(res, base, 400, 'invalid_payload');
    base.args = payload;
    if (this.sendFailure(res, base, false)) return;

    const originalTs = target.messageTs ?? target.lastTs;
    const original = this.messages.find((m) => m.channel === target.channelId && m.ts === originalTs);
    if (bool(payload, 'delete_original')) {
      if (original) this.removeMessage(original);
      return this.send(res, base, 200, 'ok');
    }
    if (payload.blocks !== undefined && checkBlocks(this, payload.blocks)) {
      return this.send(res, base, 400, 'invalid_blocks');
    }
    const text = typeof payload.text === 'string' ? payload.text : undefined;
    const blocks = Array.isArray(payload.blocks) ? payload.blocks : undefined;
    const attachments = Array.isArray(payload.attachments) ? payload.attachments : undefined;
    if (!text && !blocks?.length && !attachments?.length) return this.send(res, base, 400, 'no_text');

    if (bool(payload, 'replace_original') && original) {
      original.text = text;
      original.blocks = blocks;
      original.attachments = attachments;
      original.replaceCount += 1;
      original.editedAt = Date.now();
      this.changeMessage(original);
      return this.send(res, base, 200, 'ok');
    }
    const threadTs = str(payload, 'thread_ts');
    const message = this.addMessage({
      channel: target.channelId,
      user: this.botUserId,
      botId: this.botId,
      ...(text !== undefined ? { text } : {}),
      ...(blocks ? { blocks } : {}),
      ...(attachments ? { attachments } : {}),
      ...(payload.response_type === 'in_channel' ? {} : { ephemeralTo: target.userId }),
      ...(threadTs ? { threadTs } : {}),
      viaResponseUrl: true,
    });
    target.lastTs = message.ts;
    this.send(res, base, 200, 'ok');
  }
}

/** Start the stand-in on `host:port` (default 127.0.0.1, a random port). */
export async function startSlackStandIn(options: SlackStandInOptions = {}): Promise<SlackStandIn> {
  const standIn = new StandIn(options);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    standIn.server.once('error', reject);
    standIn.server.listen(options.port ?? 0, host, () => {
      standIn.server.off('error', reject);
      resolve();
    });
  });
  const address = standIn.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  standIn.url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  standIn.apiUrl = `${standIn.url}/api/`;
  return standIn;
}
