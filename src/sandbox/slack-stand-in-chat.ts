/** chat.* methods of the Slack stand-in: post, update, delete and ephemeral messages. */
import { str } from './request-body.js';
import type { StandInChannel, StandInMessage } from './slack-stand-in-types.js';
import {
  type ApiResponse,
  checkBlocks,
  fail,
  isError,
  type MethodHandler,
  type StandInCore,
  threadRoot,
  wireMessage,
} from './slack-stand-in-wire.js';

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

export const chatPostMessage: MethodHandler = (core, args) => {
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

export const chatUpdate: MethodHandler = (core, args) => {
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

export const chatDelete: MethodHandler = (core, args) => {
  const found = findOwnMessage(core, args, 'cant_delete_message');
  if (isError(found)) return found;
  core.removeMessage(found.message);
  return { ok: true, channel: found.channel.id, ts: found.message.ts };
};

export const chatPostEphemeral: MethodHandler = (core, args) => {
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
