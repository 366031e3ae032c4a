/**
 * Web API method handlers of the Slack stand-in. Each handler checks its arguments the way Slack does
 * (error codes from docs.slack.dev method pages, see docs/slack-platform.md §3–4) and changes the state
 * through `StandInCore`, which emits the events.
 */
import { bool, str } from './request-body.js';
import type { NewMessage, StandInChannel, StandInFile, StandInMessage } from './slack-stand-in-types.js';

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
  /** A channel by id, or by name with or without `#`. */
  findChannel(ref: string): StandInChannel | undefined;
  /** The DM (one user) or group DM (several) with these users; created when missing. */
  openConversation(users: string[]): { channel: StandInChannel; existed: boolean };
  newId(prefix: string): string;
  addMessage(message: NewMessage): StandInMessage;
  changeMessage(message: StandInMessage): void;
  removeMessage(message: StandInMessage): void;
}

export type MethodHandler = (core: StandInCore, args: Record<string, unknown>) => ApiResponse;

const MAX_BLOCKS = 50;

export function fail(error: string, messages?: string[]): ApiResponse {
  return messages ? { ok: false, error, response_metadata: { messages } } : { ok: false, error };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const MIME_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  csv: 'text/csv',
  txt: 'text/plain',
  md: 'text/markdown',
  json: 'application/json',
  pdf: 'application/pdf',
  html: 'text/html',
};

export function fileExtension(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot < 0 ? '' : filename.slice(dot + 1).toLowerCase();
}

export function mimeTypeFor(filename: string): string {
  return MIME_TYPES[fileExtension(filename)] ?? 'application/octet-stream';
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

/** Slack-like checks of a `blocks` value: an array of at most 50 objects with a `type`. */
export function checkBlocks(core: StandInCore, blocks: unknown): ApiResponse | undefined {
  if (!Array.isArray(blocks)) return fail('invalid_blocks_format');
  if (blocks.length > MAX_BLOCKS) {
    return fail('invalid_blocks', [
      `[ERROR] no more than ${MAX_BLOCKS} items allowed [json-pointer:/blocks]`,
    ]);
  }
  for (const [i, block] of blocks.entries()) {
    if (!isRecord(block) || typeof block.type !== 'string') {
      return fail('invalid_blocks', [`[ERROR] missing required field: type [json-pointer:/blocks/${i}]`]);
    }
    const slackFile = block.slack_file;
    if (isRecord(slackFile) && typeof slackFile.id === 'string' && !core.files.has(slackFile.id)) {
      return fail('invalid_blocks', [`[ERROR] invalid slack file [json-pointer:/blocks/${i}/slack_file]`]);
    }
  }
  return undefined;
}

type Content = Pick<StandInMessage, 'text' | 'blocks' | 'attachments' | 'metadata'>;

function messageContent(core: StandInCore, args: Record<string, unknown>): ApiResponse | Content {
  const content: Content = {};
  const text = args.text;
  if (typeof text === 'string') content.text = text;
  if (args.blocks !== undefined) {
    const problem = checkBlocks(core, args.blocks);
    if (problem) return problem;
    content.blocks = args.blocks as unknown[];
  }
  if (args.attachments !== undefined) {
    if (!Array.isArray(args.attachments)) return fail('invalid_attachments');
    if (args.attachments.length > 100) return fail('too_many_attachments');
    content.attachments = args.attachments;
  }
  if (args.metadata !== undefined) content.metadata = args.metadata;
  return content;
}

function isError<T extends object>(value: T | ApiResponse): value is ApiResponse {
  return 'ok' in value && typeof value.ok === 'boolean';
}

function hasContent(c: Content): boolean {
  return Boolean(c.text) || (c.blocks?.length ?? 0) > 0 || (c.attachments?.length ?? 0) > 0;
}

function postableChannel(core: StandInCore, ref: string | undefined): StandInChannel | ApiResponse {
  if (!ref) return fail('channel_not_found');
  const channel =
    core.findChannel(ref) ?? (/^[UW][A-Z0-9]+$/.test(ref) ? core.openConversation([ref]).channel : undefined);
  if (!channel) return fail('channel_not_found');
  if (channel.isArchived) return fail('is_archived');
  return channel;
}

function findOwnMessage(
  core: StandInCore,
  args: Record<string, unknown>,
  notOwn: string,
): { channel: StandInChannel; message: StandInMessage } | ApiResponse {
  const ref = str(args, 'channel');
  const channel = ref ? core.findChannel(ref) : undefined;
  if (!channel) return fail('channel_not_found');
  const ts = str(args, 'ts');
  const message = core.messages.find((m) => m.channel === channel.id && m.ts === ts && !m.ephemeralTo);
  if (!message) return fail('message_not_found');
  if (message.user !== core.botUserId) return fail(notOwn);
  return { channel, message };
}

const chatPostMessage: MethodHandler = (core, args) => {
  const channel = postableChannel(core, str(args, 'channel'));
  if (isError(channel)) return channel;
  // Public channels are open to `chat:write.public`; private channels and DMs need membership.
  if (!channel.members.has(core.botUserId) && (channel.isPrivate || channel.isIm))
    return fail('not_in_channel');
  const content = messageContent(core, args);
  if (isError(content)) return content;
  if (!hasContent(content)) return fail('no_text');
  const threadTs = str(args, 'thread_ts');
  const message = core.addMessage({
    channel: channel.id,
    user: core.botUserId,
    botId: core.botId,
    ...content,
    ...(threadTs ? { threadTs: threadRoot(core, channel.id, threadTs) } : {}),
  });
  return { ok: true, channel: channel.id, ts: message.ts, message: wireMessage(core, message) };
};

const chatUpdate: MethodHandler = (core, args) => {
  const found = findOwnMessage(core, args, 'cant_update_message');
  if (isError(found)) return found;
  const { channel, message } = found;
  const content = messageContent(core, args);
  if (isError(content)) return content;
  if (content.text === undefined && content.blocks === undefined && content.attachments === undefined) {
    return fail('no_text');
  }
  if ((content.text?.length ?? 0) > 4000) return fail('msg_too_long');
  if (content.text !== undefined) message.text = content.text;
  if (content.blocks !== undefined) message.blocks = content.blocks;
  if (content.attachments !== undefined) message.attachments = content.attachments;
  if (content.metadata !== undefined) message.metadata = content.metadata;
  message.replaceCount += 1;
  message.editedAt = Date.now();
  core.changeMessage(message);
  return {
    ok: true,
    channel: channel.id,
    ts: message.ts,
    text: message.text ?? '',
    message: wireMessage(core, message),
  };
};

const chatDelete: MethodHandler = (core, args) => {
  const found = findOwnMessage(core, args, 'cant_delete_message');
  if (isError(found)) return found;
  core.removeMessage(found.message);
  return { ok: true, channel: found.channel.id, ts: found.message.ts };
};

const chatPostEphemeral: MethodHandler = (core, args) => {
  const channel = postableChannel(core, str(args, 'channel'));
  if (isError(channel)) return channel;
  const user = str(args, 'user');
  if (!user) return fail('user_not_found');
  // docs/slack-platform.md §12: assume chat:write.public does not cover ephemeral messages.
  if (!channel.members.has(core.botUserId)) return fail('not_in_channel');
  const content = messageContent(core, args);
  if (isError(content)) return content;
  if (!hasContent(content)) return fail('no_text');
  const threadTs = str(args, 'thread_ts');
  const message = core.addMessage({
    channel: channel.id,
    user: core.botUserId,
    botId: core.botId,
    ephemeralTo: user,
    ...content,
    ...(threadTs ? { threadTs: threadRoot(core, channel.id, threadTs) } : {}),
  });
  return { ok: true, message_ts: message.ts };
};

const conversationsJoin: MethodHandler = (core, args) => {
  const ref = str(args, 'channel');
  const channel = ref ? core.channels.get(ref) : undefined;
  if (!channel) return fail('channel_not_found');
  if (channel.isIm || channel.isMpim || channel.isPrivate)
    return fail('method_not_supported_for_channel_type');
  if (channel.isArchived) return fail('is_archived');
  const already = channel.members.has(core.botUserId);
  channel.members.add(core.botUserId);
  const warning = already
    ? { warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } }
    : {};
  return { ok: true, channel: wireChannel(core, channel), ...warning };
};

const conversationsInfo: MethodHandler = (core, args) => {
  const ref = str(args, 'channel');
  const channel = ref ? core.channels.get(ref) : undefined;
  if (!channel) return fail('channel_not_found');
  return { ok: true, channel: wireChannel(core, channel) };
};

const conversationsOpen: MethodHandler = (core, args) => {
  const ref = str(args, 'channel');
  if (ref) {
    const channel = core.channels.get(ref);
    if (!channel || !(channel.isIm || channel.isMpim)) return fail('channel_not_found');
    return { ok: true, channel: bool(args, 'return_im') ? wireChannel(core, channel) : { id: channel.id } };
  }
  const users = (str(args, 'users') ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '' && u !== core.botUserId);
  if (users.length === 0) return fail('users_list_not_supplied');
  if (users.length > 8) return fail('too_many_users');
  if (users.some((u) => !/^[UW][A-Za-z0-9]+$/.test(u))) return fail('user_not_found');
  const { channel, existed } = core.openConversation(users);
  return {
    ok: true,
    ...(existed ? { no_op: true, already_open: true } : {}),
    channel: bool(args, 'return_im') ? wireChannel(core, channel) : { id: channel.id },
  };
};

const filesGetUploadUrlExternal: MethodHandler = (core, args) => {
  const filename = str(args, 'filename');
  if (!filename) return fail('invalid_arguments', ['[ERROR] missing required field: filename']);
  const rawLength = str(args, 'length');
  if (rawLength === undefined) return fail('invalid_arguments', ['[ERROR] missing required field: length']);
  const length = Number(rawLength);
  if (!Number.isInteger(length) || length < 0) return fail('invalid_arguments');
  if (length === 0) return fail('missing_argument');
  const altText = str(args, 'alt_text') ?? str(args, 'alt_txt');
  if ((altText?.length ?? 0) > 1000) return fail('alt_txt_too_large');
  const id = core.newId('F');
  core.files.set(id, {
    id,
    filename,
    ...(altText ? { altText } : {}),
    bytes: Buffer.alloc(0),
    mimetype: mimeTypeFor(filename),
    url: `${core.url}/files/${id}/${encodeURIComponent(filename)}`,
    declaredLength: length,
  });
  return { ok: true, upload_url: `${core.url}/upload/${id}`, file_id: id };
};

const filesCompleteUploadExternal: MethodHandler = (core, args) => {
  const list = args.files;
  if (!Array.isArray(list) || list.length === 0) {
    return fail('invalid_arguments', ['[ERROR] missing required field: files']);
  }
  const entries: Array<{ file: StandInFile; title?: string }> = [];
  for (const item of list) {
    if (!isRecord(item) || typeof item.id !== 'string') return fail('invalid_arguments');
    const file = core.files.get(item.id);
    if (!file || file.uploadedAt === undefined) return fail('file_not_found');
    entries.push(typeof item.title === 'string' ? { file, title: item.title } : { file });
  }
  const channelId = str(args, 'channel_id');
  const refs = channelId
    ? [channelId]
    : (str(args, 'channels') ?? '').split(',').filter((c) => c.trim() !== '');
  if (refs.length > 100) return fail('channels_limit_exceeded');
  const targets: StandInChannel[] = [];
  for (const ref of refs.map((r) => r.trim())) {
    if (!/^[CGDZ][A-Za-z0-9]*$/.test(ref)) return fail('invalid_channel');
    const channel = core.channels.get(ref);
    if (!channel) return fail('channel_not_found');
    if (channel.isArchived) return fail('is_archived');
    // chat:write.public does not help here: membership is required even in public channels.
    if (!channel.members.has(core.botUserId)) return fail('not_in_channel');
    targets.push(channel);
  }
  const initialComment = str(args, 'initial_comment');
  const content: Content = {};
  if (initialComment !== undefined) {
    content.text = initialComment; // blocks are ignored when initial_comment is set
  } else if (args.blocks !== undefined) {
    const problem = checkBlocks(core, args.blocks);
    if (problem) return problem;
    content.blocks = args.blocks as unknown[];
  }
  const now = Date.now();
  for (const { file, title } of entries) {
    if (title !== undefined) file.title = title;
    file.completedAt = now;
  }
  const threadTs = str(args, 'thread_ts');
  for (const channel of targets) {
    for (const { file } of entries) file.channelId = channel.id;
    core.addMessage({
      channel: channel.id,
      user: core.botUserId,
      botId: core.botId,
      ...content,
      files: entries.map(({ file }) => ({
        id: file.id,
        filename: file.filename,
        ...(file.title !== undefined ? { title: file.title } : {}),
        url: file.url,
        mimetype: file.mimetype,
      })),
      ...(threadTs ? { threadTs: threadRoot(core, channel.id, threadTs) } : {}),
    });
  }
  return { ok: true, files: entries.map(({ file }) => wireFile(core, file)) };
};

const filesInfo: MethodHandler = (core, args) => {
  const id = str(args, 'file');
  const file = id ? core.files.get(id) : undefined;
  if (!file || file.completedAt === undefined) return fail('file_not_found');
  return { ok: true, file: wireFile(core, file) };
};

const usersInfo: MethodHandler = (core, args) => {
  const id = str(args, 'user');
  if (!id || !/^[UWB][A-Za-z0-9]+$/.test(id)) return fail('user_not_found');
  const isBot = id === core.botUserId;
  const name = isBot ? 'insights-bot' : `user-${id.toLowerCase()}`;
  const realName = isBot ? 'Insights Bot' : `Sandbox User ${id}`;
  return {
    ok: true,
    user: {
      id,
      team_id: core.teamId,
      name,
      real_name: realName,
      deleted: false,
      is_bot: isBot,
      is_admin: false,
      tz: 'UTC',
      tz_label: 'Coordinated Universal Time',
      tz_offset: 0,
      profile: {
        real_name: realName,
        display_name: name,
        ...(isBot ? { bot_id: core.botId } : { email: `${name}@example.com` }),
      },
    },
  };
};

const authTest: MethodHandler = (core) => ({
  ok: true,
  url: `${core.url}/`,
  team: 'Insights Sandbox',
  user: 'insights-bot',
  team_id: core.teamId,
  user_id: core.botUserId,
  bot_id: core.botId,
  is_enterprise_install: false,
});

export const WEB_API_METHODS: Readonly<Record<string, MethodHandler>> = {
  'auth.test': authTest,
  'chat.postMessage': chatPostMessage,
  'chat.update': chatUpdate,
  'chat.delete': chatDelete,
  'chat.postEphemeral': chatPostEphemeral,
  'conversations.join': conversationsJoin,
  'conversations.info': conversationsInfo,
  'conversations.open': conversationsOpen,
  'files.getUploadURLExternal': filesGetUploadUrlExternal,
  'files.completeUploadExternal': filesCompleteUploadExternal,
  'files.info': filesInfo,
  'users.info': usersInfo,
};
