/**
 * One delivery attempt against Slack, and how a failure is classified (rate limit, transient with an
 * unknown outcome, permanent). Messages carry `metadata.event_payload.key`, so after an attempt whose
 * outcome is unknown the channel history tells whether Slack already has the post.
 */
import type { KnownBlock } from '@slack/types';
import { ErrorCode, type WebClient, type WebClientOptions } from '@slack/web-api';
import type {
  DeliveryAttempt as Attempt,
  DeliveryTransport,
  DeliveryFailure as Failure,
  DeliverySent as Sent,
} from '../domain/delivery.js';
import { ChannelAccessError } from '../errors.js';
import type { Logger } from '../logger.js';
import { slackFetch } from './slack-fetch.js';
import { slackErrorCode, uploadFile, uploadToChannel } from './upload-to-channel.js';

/**
 * WebClient options the queue expects: a 429 must surface at once (the queue waits per channel instead
 * of pausing the whole client), no retries inside the client, and a timeout well under the lease.
 */
export const DELIVERY_CLIENT_OPTIONS = {
  rejectRateLimitedCalls: true,
  retryConfig: { retries: 0 },
  timeout: 30_000,
  fetch: slackFetch,
} satisfies WebClientOptions;

export const METADATA_EVENT = 'insights_delivery';
/** How far before the uncertain attempt to look back in the channel (covers clock skew with Slack). */
const HISTORY_MARGIN_MS = 10 * 60_000;
const HISTORY_PAGES = 5;

class PermanentError extends Error {}

/** The queue's way to Slack: `chat.postMessage`, `chat.update` and uploads, with a history check after a crash. */
export function createSlackTransport(client: WebClient, logger: Logger): DeliveryTransport {
  return { attempt: (a) => attempt(client, a, logger), classify };
}

async function attempt(client: WebClient, a: Attempt, logger: Logger): Promise<Sent> {
  const d = a.delivery;
  const blocks = d.blocks as KnownBlock[] | undefined;
  if (d.kind === 'update') {
    // chat.update is idempotent: no history check needed.
    const res = await client.chat.update({ channel: d.channel, ts: a.targetTs ?? '', text: d.text, blocks });
    return { ts: res.ts ?? a.targetTs, channel: res.channel ?? d.channel };
  }
  if (a.checkSince) {
    const found = await findEarlier(client, a, logger);
    if (found) return found;
  }
  if (d.kind === 'message') {
    const metadata = { event_type: METADATA_EVENT, event_payload: { key: a.key } };
    const post = () =>
      client.chat.postMessage({
        channel: d.channel,
        text: d.text,
        ...(blocks ? { blocks } : {}),
        ...(a.targetTs ? { thread_ts: a.targetTs } : {}),
        metadata,
      });
    const res = await joinOnce(client, d.channel, post);
    return { ts: res.ts, channel: res.channel ?? d.channel };
  }
  const upload = { channel: d.channel, bytes: d.bytes, filename: d.filename, title: d.title, blocks };
  if (!a.targetTs) {
    const fileId = await uploadToChannel(client, { ...upload, ...(d.altText ? { altText: d.altText } : {}) });
    return { fileId, channel: d.channel };
  }
  // A thread reply: the same three steps, joining a public channel as any post to it does.
  const threadTs = a.targetTs;
  const fileId = await joinOnce(client, d.channel, () =>
    uploadFile(client, { ...upload, threadTs, ...(d.altText ? { altText: d.altText } : {}) }),
  );
  return { fileId, channel: d.channel };
}

/** On `not_in_channel`, joins (public channels only) and tries once more. */
async function joinOnce<T>(client: WebClient, channel: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (slackErrorCode(err) !== 'not_in_channel') throw err;
  }
  try {
    await client.conversations.join({ channel });
  } catch (err) {
    const code = slackErrorCode(err);
    if (code === 'method_not_supported_for_channel_type') throw new PermanentError('not_in_channel');
    throw err;
  }
  return call();
}

/**
 * Looks in the channel (or the thread) for the post of an earlier attempt: a message carrying this key
 * in its metadata; for uploads (no metadata), a bot file message with the same filename and title.
 */
async function findEarlier(client: WebClient, a: Attempt, logger: Logger): Promise<Sent | undefined> {
  const d = a.delivery;
  const channel = d.channel;
  const oldest = ((a.checkSince?.getTime() ?? 0) - HISTORY_MARGIN_MS) / 1000;
  const matches = (m: HistoryMessage): Sent | undefined => {
    if (d.kind === 'message') {
      const meta = m.metadata;
      const hit = meta?.event_type === METADATA_EVENT && meta.event_payload?.key === a.key;
      return hit && m.ts ? { ts: m.ts, channel } : undefined;
    }
    if (d.kind !== 'upload' || !m.bot_id) return undefined;
    const file = m.files?.find((f) => f.name === d.filename && f.title === d.title);
    return file ? { ts: m.ts, fileId: file.id, channel } : undefined;
  };
  const scan = async (): Promise<Sent | undefined> => {
    let cursor: string | undefined;
    for (let page = 0; page < HISTORY_PAGES; page += 1) {
      const args = { channel, oldest: oldest.toFixed(6), include_all_metadata: true, limit: 200, cursor };
      const res = a.targetTs
        ? await client.conversations.replies({ ...args, ts: a.targetTs })
        : await client.conversations.history(args);
      for (const m of (res.messages ?? []) as HistoryMessage[]) {
        const found = matches(m);
        if (found) return found;
      }
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) return undefined;
    }
    return undefined;
  };
  try {
    return await joinOnce(client, channel, scan);
  } catch (err) {
    const failure = classify(err);
    if (failure.kind !== 'permanent') throw err;
    // No read access (scope, private channel): at-least-once beats losing the post.
    logger.warn(
      { key: a.key, channel, error: failure.error },
      'cannot check Slack for an earlier post; resending',
    );
    return undefined;
  }
}

interface HistoryMessage {
  ts?: string;
  bot_id?: string;
  metadata?: { event_type?: string; event_payload?: { key?: unknown } };
  files?: Array<{ id?: string; name?: string; title?: string }>;
}

/** Permanent errors about the channel itself: its subscriptions are paused (src/app/subscriptions.ts). */
const CHANNEL_GONE = new Set(['channel_not_found', 'is_archived', 'not_in_channel']);
const permanent = (error: string): Failure => ({
  kind: 'permanent',
  error,
  ...(CHANNEL_GONE.has(error) ? { channelGone: true } : {}),
});

/** Slack error codes that mean "try again later"; every other `ok:false` code is permanent. */
const TRANSIENT_CODES = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);
const RATE_CODES = new Set(['ratelimited', 'rate_limited', 'message_limit_exceeded']);

export function classify(err: unknown): Failure {
  if (err instanceof PermanentError) return permanent(err.message);
  if (err instanceof ChannelAccessError) {
    const codes = { not_found: 'channel_not_found', archived: 'is_archived', private: 'not_in_channel' };
    return permanent(codes[err.reason as keyof typeof codes] ?? 'not_in_channel');
  }
  const e = err as { code?: unknown; retryAfter?: unknown; statusCode?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(err);
  switch (e.code) {
    case ErrorCode.RateLimitedError: {
      const seconds = typeof e.retryAfter === 'number' ? e.retryAfter : 1;
      return { kind: 'rate', retryAfterMs: seconds * 1000, error: 'ratelimited' };
    }
    case ErrorCode.PlatformError: {
      const code = slackErrorCode(err) ?? 'unknown_error';
      if (RATE_CODES.has(code)) return { kind: 'rate', retryAfterMs: 1000, error: code };
      if (TRANSIENT_CODES.has(code)) return { kind: 'transient', uncertain: true, error: code };
      return permanent(code);
    }
    case ErrorCode.HTTPError:
      // A 5xx (or a proxy's status) may come after Slack accepted the post.
      return { kind: 'transient', uncertain: true, error: `http_${String(e.statusCode)}` };
    case ErrorCode.FileUploadInvalidArgumentsError:
    case ErrorCode.FileUploadReadFileDataError:
      return { kind: 'permanent', error: message };
    default:
      // Network errors and timeouts: the request may have reached Slack.
      return { kind: 'transient', uncertain: true, error: message };
  }
}
