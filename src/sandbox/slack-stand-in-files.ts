/**
 * files.* methods of the Slack stand-in: the two-step external upload (get an upload URL, post the bytes
 * there, complete it into channels) and files.info.
 */
import { randomBytes } from 'node:crypto';
import { str } from './request-body.js';
import type { StandInChannel, StandInFile, StandInMessage } from './slack-stand-in-types.js';
import {
  checkBlocks,
  fail,
  fileExtension,
  isRecord,
  type MethodHandler,
  threadRoot,
  wireFile,
} from './slack-stand-in-wire.js';

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

export function mimeTypeFor(filename: string): string {
  return MIME_TYPES[fileExtension(filename)] ?? 'application/octet-stream';
}

export const filesGetUploadUrlExternal: MethodHandler = (core, args) => {
  const filename = str(args, 'filename');
  if (!filename) return fail('invalid_arguments', ['[ERROR] missing required field: filename']);
  const rawLength = str(args, 'length');
  if (rawLength === undefined) return fail('invalid_arguments', ['[ERROR] missing required field: length']);
  const length = Number(rawLength);
  if (!Number.isInteger(length) || length < 0) return fail('invalid_arguments');
  if (length === 0) return fail('missing_argument');
  // Slack documents `alt_txt`; @slack/web-api's uploadV2 sends `alt_text`.
  const altText = str(args, 'alt_txt') ?? str(args, 'alt_text');
  if ((altText?.length ?? 0) > 1000) return fail('alt_txt_too_large');
  // Unguessable, as Slack's are in effect: the sandbox page serves a file to whoever names its id.
  const id = `F${randomBytes(10).toString('hex').toUpperCase()}`;
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

export const filesCompleteUploadExternal: MethodHandler = (core, args) => {
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
  const content: Pick<StandInMessage, 'text' | 'blocks'> = {};
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

export const filesInfo: MethodHandler = (core, args) => {
  const id = str(args, 'file');
  const file = id ? core.files.get(id) : undefined;
  if (!file || file.completedAt === undefined) return fail('file_not_found');
  return { ok: true, file: wireFile(core, file) };
};
