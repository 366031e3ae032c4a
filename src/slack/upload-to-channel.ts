import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { ChannelAccessError } from '../errors.js';

export interface Upload {
  channel: string;
  bytes: Buffer;
  filename: string;
  title: string;
  altText?: string;
  blocks?: KnownBlock[];
}

/** The Slack error code of a failed Web API call (`not_in_channel`, …), if it was a platform error. */
export function slackErrorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('data' in err)) return undefined;
  const data = (err as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/**
 * Uploads a file into a channel (files.getUploadURLExternal → upload → files.completeUploadExternal).
 * Sharing a file needs channel membership even with chat:write.public, so on `not_in_channel` the bot
 * joins a public channel and retries once; a private channel or a DM raises ChannelAccessError.
 * Returns the file id.
 */
export async function uploadToChannel(client: WebClient, upload: Upload): Promise<string> {
  try {
    return await uploadOnce(client, upload);
  } catch (err) {
    const code = slackErrorCode(err);
    if (code === 'is_archived') throw accessError(upload.channel, 'archived');
    if (code === 'channel_not_found') throw accessError(upload.channel, 'not_found');
    if (code !== 'not_in_channel') throw err;
  }
  await joinPublicChannel(client, upload.channel);
  return uploadOnce(client, upload);
}

async function uploadOnce(client: WebClient, u: Upload): Promise<string> {
  const res = await client.files.uploadV2({
    channel_id: u.channel,
    file: u.bytes,
    filename: u.filename,
    title: u.title,
    ...(u.altText ? { alt_text: u.altText } : {}),
    ...(u.blocks ? { blocks: u.blocks } : {}),
  });
  // uploadV2 nests the completeUploadExternal response: { files: [ { files: [ { id } ] } ] }.
  const completed = (res as { files?: Array<{ files?: Array<{ id?: string }> }> }).files;
  const id = completed?.[0]?.files?.[0]?.id;
  if (!id) throw new Error('Slack accepted the upload but returned no file id');
  return id;
}

async function joinPublicChannel(client: WebClient, channel: string): Promise<void> {
  if (channel.startsWith('D')) throw accessError(channel, 'im');
  let info: { is_private?: boolean; is_im?: boolean; is_mpim?: boolean; is_archived?: boolean } | undefined;
  try {
    info = (await client.conversations.info({ channel })).channel;
  } catch (err) {
    // A private channel the bot is not in is invisible to it: Slack answers channel_not_found.
    if (slackErrorCode(err) === 'channel_not_found') throw accessError(channel, 'private');
    throw err;
  }
  if (info?.is_archived) throw accessError(channel, 'archived');
  if (info?.is_im || info?.is_mpim) throw accessError(channel, 'im');
  if (info?.is_private) throw accessError(channel, 'private');
  try {
    await client.conversations.join({ channel });
  } catch (err) {
    const code = slackErrorCode(err);
    if (code === 'method_not_supported_for_channel_type') throw accessError(channel, 'private');
    if (code === 'is_archived') throw accessError(channel, 'archived');
    throw err;
  }
}

function accessError(channel: string, reason: ChannelAccessError['reason']): ChannelAccessError {
  return new ChannelAccessError(channel, reason, `cannot upload into ${channel}: ${reason}`);
}
