/**
 * conversations.join / info / open of the Slack stand-in (history and replies are in
 * `slack-stand-in-history.ts`).
 */
import { bool, str } from './request-body.js';
import { fail, type MethodHandler, wireChannel } from './slack-stand-in-wire.js';

export const conversationsJoin: MethodHandler = (core, args) => {
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

/** As for a bot token in Slack: a private channel or DM the bot is not in is invisible (`channel_not_found`). */
export const conversationsInfo: MethodHandler = (core, args) => {
  const ref = str(args, 'channel');
  const channel = ref ? core.channels.get(ref) : undefined;
  if (!channel) return fail('channel_not_found');
  const hidden = channel.isPrivate || channel.isIm || channel.isMpim;
  if (hidden && !channel.members.has(core.botUserId)) return fail('channel_not_found');
  return { ok: true, channel: wireChannel(core, channel) };
};

export const conversationsOpen: MethodHandler = (core, args) => {
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
