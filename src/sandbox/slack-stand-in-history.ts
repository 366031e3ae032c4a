/**
 * conversations.history / conversations.replies of the Slack stand-in: newest-first channel history
 * (thread replies left out, as in Slack), oldest-first threads, `oldest`/`latest`/`inclusive`, `limit` +
 * cursor paging, and message `metadata` only with `include_all_metadata` (docs/slack-platform.md §4).
 */
import { bool, str } from './request-body.js';
import type { StandInChannel, StandInMessage } from './slack-stand-in-types.js';
import {
  type ApiResponse,
  fail,
  type MethodHandler,
  type StandInCore,
  wireMessage,
} from './slack-stand-in-wire.js';

function readableChannel(core: StandInCore, ref: string | undefined): StandInChannel | ApiResponse {
  const channel = ref ? core.channels.get(ref) : undefined;
  if (!channel) return fail('channel_not_found');
  // Reading needs membership; a private channel the bot is not in is invisible to it.
  if (!channel.members.has(core.botUserId))
    return fail(channel.isPrivate ? 'channel_not_found' : 'not_in_channel');
  return channel;
}

function isChannel(value: StandInChannel | ApiResponse): value is StandInChannel {
  return !('ok' in value);
}

/** Filters by the time window, pages by `limit` and an opaque offset cursor, and wires the messages. */
function page(
  core: StandInCore,
  args: Record<string, unknown>,
  messages: StandInMessage[],
  pinned: StandInMessage[] = [],
): ApiResponse {
  const inclusive = bool(args, 'inclusive');
  const oldest = Number(str(args, 'oldest') ?? '0');
  const latest = Number(str(args, 'latest') ?? 'Infinity');
  const inWindow = messages.filter((m) => {
    const ts = Number(m.ts);
    return inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest;
  });
  const limit = Math.min(Math.max(Number(str(args, 'limit') ?? '100') || 100, 1), 999);
  const cursor = str(args, 'cursor');
  const offset = cursor
    ? Number(
        Buffer.from(cursor, 'base64')
          .toString('utf8')
          .replace(/^offset:/, ''),
      )
    : 0;
  if (!Number.isInteger(offset) || offset < 0) return fail('invalid_cursor');
  const slice = [...pinned, ...inWindow].slice(offset, offset + limit);
  const hasMore = offset + limit < pinned.length + inWindow.length;
  const withMetadata = bool(args, 'include_all_metadata');
  return {
    ok: true,
    messages: slice.map((m) => {
      const { metadata: _metadata, ...wired } = wireMessage(core, m);
      return withMetadata ? wireMessage(core, m) : wired;
    }),
    has_more: hasMore,
    response_metadata: {
      next_cursor: hasMore ? Buffer.from(`offset:${offset + limit}`).toString('base64') : '',
    },
  };
}

export const conversationsHistory: MethodHandler = (core, args) => {
  const channel = readableChannel(core, str(args, 'channel'));
  if (!isChannel(channel)) return channel;
  const topLevel = core.messages.filter(
    (m) => m.channel === channel.id && !m.ephemeralTo && (m.threadTs === undefined || m.threadTs === m.ts),
  );
  return page(core, args, topLevel.reverse());
};

export const conversationsReplies: MethodHandler = (core, args) => {
  const channel = readableChannel(core, str(args, 'channel'));
  if (!isChannel(channel)) return channel;
  const ts = str(args, 'ts');
  const parent = core.messages.find((m) => m.channel === channel.id && m.ts === ts && !m.ephemeralTo);
  if (!parent) return fail('thread_not_found');
  const replies = core.messages.filter(
    (m) => m.channel === channel.id && !m.ephemeralTo && m.threadTs === parent.ts && m.ts !== parent.ts,
  );
  // Slack lists the parent first on the first page, whatever the window.
  return page(core, args, replies, [parent]);
};
