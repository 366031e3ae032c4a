/**
 * What every Web API method handler of the Slack stand-in shares: the state it works on (`StandInCore`),
 * Slack's `{ok:false,error}` answers, and the wire shapes of messages, channels and files
 * (docs/slack-platform.md §3–4).
 */
import { blockKitProblem } from './slack-stand-in-blocks.js';
import type {
  NewMessage,
  StandInChannel,
  StandInFile,
  StandInMessage,
  StandInUser,
  StandInView,
} from './slack-stand-in-types.js';

export type ApiResponse = { ok: boolean } & Record<string, unknown>;

/** What the handlers need from the stand-in. */
export interface StandInCore {
  readonly url: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  readonly channels: Map<string, StandInChannel>;
  readonly files: Map<string, StandInFile>;
  readonly messages: StandInMessage[];
  /** People with an email, by user ID (users.lookupByEmail may add one through `findUser`). */
  readonly users: Map<string, StandInUser>;
  readonly findUser?: (email: string) => StandInUser | undefined;
  /** A channel by id, or by name with or without `#`. */
  findChannel(ref: string): StandInChannel | undefined;
  /** The DM (one user) or group DM (several) with these users; created when missing. */
  openConversation(users: string[]): { channel: StandInChannel; existed: boolean };
  newId(prefix: string): string;
  addMessage(message: NewMessage): StandInMessage;
  changeMessage(message: StandInMessage): void;
  removeMessage(message: StandInMessage): void;
  readonly homeViews: Map<string, StandInView>;
  readonly modals: StandInView[];
  /** Stores a published Home tab or an opened modal, and tells the listeners. */
  putView(view: StandInView): void;
  /** The user a trigger_id was issued for; `expired` past 3 s, `exchanged` when already used (then used up). */
  takeTrigger(triggerId: string): { user: string } | 'invalid' | 'expired' | 'exchanged';
}

export type MethodHandler = (core: StandInCore, args: Record<string, unknown>) => ApiResponse;

const MAX_BLOCKS = 50;

export function fail(error: string, messages?: string[]): ApiResponse {
  return messages ? { ok: false, error, response_metadata: { messages } } : { ok: false, error };
}

export function isError<T extends object>(value: T | ApiResponse): value is ApiResponse {
  return 'ok' in value && typeof value.ok === 'boolean';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function fileExtension(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot < 0 ? '' : filename.slice(dot + 1).toLowerCase();
}

/** The parent ts of a thread: replying to a reply threads under its parent, as in Slack. */
export function threadRoot(core: StandInCore, channelId: string, ts: string): string {
  const target = core.messages.find((m) => m.channel === channelId && m.ts === ts);
  return target?.threadTs ?? ts;
}

export function wireMessage(core: StandInCore, m: StandInMessage): Record<string, unknown> {
  return {
    type: 'message',
    user: m.user,
    ...(m.botId ? { bot_id: m.botId } : {}),
    text: m.text ?? '',
    ts: m.ts,
    team: core.teamId,
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.attachments ? { attachments: m.attachments } : {}),
    ...(m.metadata !== undefined ? { metadata: m.metadata } : {}),
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    ...(m.files ? { files: m.files.map((f) => ({ id: f.id, name: f.filename, title: f.title })) } : {}),
    ...(m.editedAt ? { edited: { user: m.user, ts: `${Math.floor(m.editedAt / 1000)}.000000` } } : {}),
  };
}

export function wireChannel(core: StandInCore, c: StandInChannel): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    is_channel: !c.isIm && !c.isMpim && !c.isPrivate,
    is_group: !c.isIm && !c.isMpim && c.isPrivate,
    is_im: c.isIm,
    is_mpim: c.isMpim ?? false,
    is_private: c.isPrivate,
    is_archived: c.isArchived,
    is_member: c.members.has(core.botUserId),
    num_members: c.members.size,
    ...(c.imUser ? { user: c.imUser } : {}),
  };
}

export function wireFile(core: StandInCore, f: StandInFile): Record<string, unknown> {
  return {
    id: f.id,
    name: f.filename,
    title: f.title ?? f.filename,
    mimetype: f.mimetype,
    filetype: fileExtension(f.filename),
    size: f.bytes.length,
    user: core.botUserId,
    url_private: f.url,
    url_private_download: f.url,
    permalink: f.url,
    ...(f.altText ? { alt_txt: f.altText } : {}),
    channels: f.channelId ? [f.channelId] : [],
    created: Math.floor((f.completedAt ?? Date.now()) / 1000),
  };
}

/**
 * Slack-like checks of a `blocks` value: an array of at most 50 objects with a `type` (a message; views
 * allow 100, under `/view/blocks`), whose `slack_file` images name uploaded files, and within Block Kit's
 * documented limits (`slack-stand-in-blocks.ts`).
 */
export function checkBlocks(
  core: StandInCore,
  blocks: unknown,
  limits: { max: number; pointer: string } = { max: MAX_BLOCKS, pointer: '/blocks' },
): ApiResponse | undefined {
  const { max, pointer } = limits;
  if (!Array.isArray(blocks)) return fail('invalid_blocks_format');
  if (blocks.length > max) {
    return fail('invalid_blocks', [`[ERROR] no more than ${max} items allowed [json-pointer:${pointer}]`]);
  }
  for (const [i, block] of blocks.entries()) {
    if (!isRecord(block) || typeof block.type !== 'string') {
      return fail('invalid_blocks', [`[ERROR] missing required field: type [json-pointer:${pointer}/${i}]`]);
    }
    const slackFile = block.slack_file;
    if (isRecord(slackFile) && typeof slackFile.id === 'string' && !core.files.has(slackFile.id)) {
      return fail('invalid_blocks', [`[ERROR] invalid slack file [json-pointer:${pointer}/${i}/slack_file]`]);
    }
  }
  const problem = blockKitProblem(blocks, pointer);
  return problem ? fail('invalid_blocks', [problem.message]) : undefined;
}
