import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import { slackErrorCode } from './upload-to-channel.js';

interface ChannelInfo {
  is_archived?: boolean;
  is_private?: boolean;
  is_im?: boolean;
  is_mpim?: boolean;
  is_member?: boolean;
}

const INVITE = 'invite me with `/invite @Insights`, then subscribe again';

/**
 * Asks Slack about the channel a subscription is for (conversations.info, `channels:read` /
 * `groups:read`) and returns why it cannot be subscribed, or undefined when it can. A private channel
 * the bot is not in is invisible to it, so Slack answers `channel_not_found` for it as for a channel
 * that does not exist: the answer covers both. A public channel the bot is not in is fine (it joins
 * to post).
 */
export async function refuseChannel(
  client: WebClient,
  channel: string,
  logger: Logger,
): Promise<string | undefined> {
  let info: ChannelInfo | undefined;
  try {
    info = (await client.conversations.info({ channel })).channel as ChannelInfo | undefined;
  } catch (err) {
    const code = slackErrorCode(err);
    if (code === 'channel_not_found') {
      return `Slack has no channel \`${channel}\` that I can see, so nothing was subscribed. If it is a private channel, ${INVITE}.`;
    }
    if (code === 'missing_scope') {
      // An app installed before the channels:read / groups:read scopes: subscribe unchecked, as before.
      logger.warn(
        { channel },
        'cannot check the channel (missing_scope): reinstall the app with manifest.yml',
      );
      return undefined;
    }
    logger.warn({ channel, error: code ?? (err as Error).message }, 'conversations.info failed');
    return `I couldn’t check <#${channel}> with Slack (${code ?? 'no answer'}), so nothing was subscribed. Try again in a minute.`;
  }
  if (info?.is_archived)
    return `<#${channel}> is archived, so nothing was subscribed: pick a channel in use.`;
  if (info?.is_private && !info.is_im && !info.is_mpim && !info.is_member) {
    return `I’m not a member of the private channel <#${channel}>, so nothing was subscribed: ${INVITE}.`;
  }
  return undefined;
}
