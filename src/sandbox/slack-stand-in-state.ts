/**
 * The Slack stand-in's workspace state: channels, messages, files, ids and timestamps, the calls it
 * answered, and the events and waiters that let tests follow it without polling. No HTTP here: the
 * server (`slack-stand-in-server.ts`) changes the state through these methods.
 */
import { randomBytes } from 'node:crypto';
import {
  type ChannelInit,
  DEFAULT_CHANNELS,
  type NewMessage,
  type RecordedCall,
  type SlackStandInOptions,
  type StandInChannel,
  type StandInEvents,
  type StandInFile,
  type StandInMessage,
  type StandInSnapshot,
  type StandInUser,
  type StandInView,
} from './slack-stand-in-types.js';
import { StandInViews, type TriggerUse } from './slack-stand-in-view-state.js';
import { isRecord, type StandInCore } from './slack-stand-in-wire.js';

/** Where posts to a response_url land; `lastTs` is the last message posted through it. */
export interface ResponseTarget {
  channelId: string;
  userId: string;
  messageTs?: string;
  lastTs?: string;
}

type Listener = (payload: never) => void;
type Waiter = { check: () => void; abort: (error: Error) => void };

export class StandInState implements StandInCore {
  /** Set once the server listens: file and response URLs point at it. */
  url = '';
  readonly calls: RecordedCall[] = [];
  readonly channels = new Map<string, StandInChannel>();
  readonly files = new Map<string, StandInFile>();
  readonly messages: StandInMessage[] = [];
  /** People with an email, by user ID; not cleared by reset(). */
  readonly users = new Map<string, StandInUser>();
  readonly views = new StandInViews(
    () => this.now(),
    (view) => this.emit('view', view),
  );
  readonly homeViews = this.views.homeViews;
  readonly modals = this.views.modals;
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  readonly now: () => number;
  private readonly channelDefs = new Map<string, ChannelInit>();
  private readonly responseTargets = new Map<string, ResponseTarget>();
  private readonly listeners = new Map<keyof StandInEvents, Set<Listener>>();
  private readonly waiters = new Set<Waiter>();
  private lastTsMicros = 0;
  private idCounter = 0;

  constructor(options: SlackStandInOptions) {
    this.botUserId = options.botUserId ?? 'U0BOT';
    this.botId = options.botId ?? 'B0BOT';
    this.teamId = options.teamId ?? 'T0TEAM';
    this.now = options.now ?? Date.now;
    for (const c of options.channels ?? DEFAULT_CHANNELS) this.addChannel(c);
    for (const u of options.users ?? []) this.users.set(u.id, u);
    this.findUser = options.findUser;
  }

  /** Asked for an unknown email: who to add, if anyone (SlackStandInOptions.findUser). */
  readonly findUser?: (email: string) => StandInUser | undefined;

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

  putView(view: StandInView): void {
    this.views.put(view);
  }

  takeTrigger(triggerId: string): TriggerUse {
    return this.views.takeTrigger(triggerId);
  }

  // ---- channels, calls, response URLs ------------------------------------------------------------

  addChannel(c: ChannelInit): StandInChannel {
    this.channelDefs.set(c.id, { ...c });
    const channel = this.buildChannel(c);
    this.channels.set(c.id, channel);
    this.notify();
    return channel;
  }

  recordCall(call: RecordedCall): void {
    this.calls.push(call);
    this.emit('call', call);
  }

  responseUrl(channelId: string, userId: string, messageTs?: string): string {
    const id = randomBytes(12).toString('hex');
    this.responseTargets.set(id, messageTs ? { channelId, userId, messageTs } : { channelId, userId });
    return `${this.url}/response/${id}`;
  }

  responseTarget(id: string): ResponseTarget | undefined {
    return this.responseTargets.get(id);
  }

  // ---- reading -----------------------------------------------------------------------------------

  history(channelId: string, forUser?: string): StandInMessage[] {
    return this.messages.filter(
      (m) => m.channel === channelId && (m.ephemeralTo === undefined || m.ephemeralTo === forUser),
    );
  }

  thread(channelId: string, threadTs: string, forUser?: string): StandInMessage[] {
    return this.history(channelId, forUser).filter((m) => m.threadTs === threadTs && m.ts !== threadTs);
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

  /** Clears calls, messages, files and response URLs; channels go back to how they were added. */
  reset(): void {
    this.calls.length = 0;
    this.messages.length = 0;
    this.files.clear();
    this.views.reset();
    this.responseTargets.clear();
    this.channels.clear();
    for (const def of this.channelDefs.values()) this.channels.set(def.id, this.buildChannel(def));
    this.notify();
  }

  // ---- events and waiters ------------------------------------------------------------------------

  on<E extends keyof StandInEvents>(event: E, listener: (payload: StandInEvents[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    this.listeners.set(event, set);
    set.add(listener as Listener);
    return () => {
      set.delete(listener as Listener);
    };
  }

  /** Resolves with the first truthy `check()`, tried now and after every change (see `notify`). */
  waitFor<T>(check: () => T | undefined | false | null, timeoutMs = 5000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        check: () => {
          let value: T | undefined | false | null;
          try {
            value = check();
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
        waiter.abort(
          new Error(
            `waitFor timed out after ${timeoutMs} ms; recent calls (${this.calls.length}): ${this.recentCalls() || 'none'}`,
          ),
        );
      }, timeoutMs);
    });
  }

  /** Re-checks every waiter: called after each request and each change made outside one. */
  notify(): void {
    for (const waiter of [...this.waiters]) waiter.check();
  }

  abortWaiters(error: Error): void {
    for (const waiter of [...this.waiters]) waiter.abort(error);
  }

  private recentCalls(): string {
    return this.calls
      .slice(-10)
      .map((c) => {
        const error =
          isRecord(c.response) && typeof c.response.error === 'string' ? ` ${c.response.error}` : '';
        return `${c.method} ${c.status}${error}`;
      })
      .join(', ');
  }

  private emit<E extends keyof StandInEvents>(event: E, payload: StandInEvents[E]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        (listener as (p: StandInEvents[E]) => void)(payload);
      } catch (error) {
        process.emitWarning(`Slack stand-in '${event}' listener failed: ${String(error)}`);
      }
    }
  }

  /** Unique, increasing `seconds.micros` timestamps near the wall clock. */
  private nextTs(): string {
    this.lastTsMicros = Math.max(Math.floor(this.now()) * 1000, this.lastTsMicros + 1);
    const seconds = Math.floor(this.lastTsMicros / 1e6);
    return `${seconds}.${String(this.lastTsMicros % 1e6).padStart(6, '0')}`;
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
}
