import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { ChannelAccessError } from '../errors.js';
import { slackFetch } from './slack-fetch.js';

/** Streaming a file to Slack's upload URL, its answer included: an export of 100,000 rows is about 20 MB. */
const UPLOAD_DEADLINE_MS = 10 * 60_000;

export interface Upload {
  channel: string;
  /** The file: in memory (charts), or on disk (exports, streamed: never held whole). */
  bytes?: Buffer;
  path?: string;
  filename: string;
  title: string;
  altText?: string;
  blocks?: KnownBlock[];
  /** A message posted with the file (used when there are no blocks). */
  initialComment?: string;
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
    return await uploadFile(client, upload);
  } catch (err) {
    const code = slackErrorCode(err);
    if (code === 'is_archived') throw accessError(upload.channel, 'archived');
    if (code === 'channel_not_found') throw accessError(upload.channel, 'not_found');
    if (code !== 'not_in_channel') throw err;
  }
  await joinPublicChannel(client, upload.channel);
  return uploadFile(client, upload);
}

/** files.getUploadURLExternal refuses alt text over this (`alt_txt_too_large`). */
export const ALT_TEXT_MAX = 1000;

/**
 * Slack's three upload steps, for a file in memory or streamed from disk (uploadV2 reads a stream whole
 * into memory first): files.getUploadURLExternal → the bytes to the upload URL →
 * files.completeUploadExternal, shared into `channel` (and `threadTs`) when given, else kept private to
 * the bot (the Home tab's image). The alt text goes as `alt_txt`, the argument Slack documents, and as
 * `alt_text`, the one @slack/web-api's uploadV2 sends; cut to what Slack takes. Returns the file id.
 */
export async function uploadFile(
  client: WebClient,
  u: Omit<Upload, 'channel'> & { channel?: string; threadTs?: string },
): Promise<string> {
  const length = u.path ? (await stat(u.path)).size : u.bytes?.length;
  if (length === undefined) throw new Error('an upload needs bytes or a path');
  const alt = u.altText ? [...u.altText].slice(0, ALT_TEXT_MAX).join('') : undefined;
  const target = await client.files.getUploadURLExternal({
    filename: u.filename,
    length,
    ...(alt ? { alt_txt: alt, alt_text: alt } : {}),
  } as Parameters<WebClient['files']['getUploadURLExternal']>[0]);
  if (!target.upload_url || !target.file_id) throw new Error('Slack returned no upload URL');
  const body = u.path
    ? (Readable.toWeb(createReadStream(u.path)) as ReadableStream<Uint8Array>)
    : (u.bytes as Buffer);
  const res = await slackFetch(target.upload_url, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(length) },
    body,
    duplex: 'half',
    signal: AbortSignal.timeout(UPLOAD_DEADLINE_MS),
  } as RequestInit);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`the file upload was refused (HTTP ${res.status})`);
  await client.files.completeUploadExternal({
    files: [{ id: target.file_id, title: u.title }],
    ...(u.channel ? { channel_id: u.channel } : {}),
    ...(u.channel && u.threadTs ? { thread_ts: u.threadTs } : {}),
    ...(u.channel && u.blocks ? { blocks: u.blocks } : {}),
    ...(u.channel && u.initialComment && !u.blocks ? { initial_comment: u.initialComment } : {}),
  } as Parameters<WebClient['files']['completeUploadExternal']>[0]);
  return target.file_id;
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
