/**
 * Splunk HTTP Event Collector (docs/siem.md): envelopes one after another in one body to
 * `/services/collector/event`, `Authorization: Splunk <token>`, a `sourcetype` per record kind. With
 * indexer acknowledgment every request carries `X-Splunk-Request-Channel` and the reply's `ackId` is
 * polled at `/services/collector/ack` until it turns true.
 */
import { createHash } from 'node:crypto';
import type { SiemKind } from '../domain/siem-records.js';
import type { CallLimits } from '../outgoing.js';
import type { SplunkConfig } from './config.js';
import { encodedOnce, isTemporary, post, REPLY_LIMITS, type Reply, retryAfterMs, snippet } from './http.js';
import type { OutgoingRecord, SendOutcome, SiemSender } from './types.js';

export const SOURCETYPES: Record<SiemKind, string> = {
  activity: 'docker:activity',
  alert: 'insights:alert',
  scout: 'insights:scout',
  audit: 'insights:audit',
};

/** HEC's default `max_content_length` is 1 MB on Splunk Cloud; stay under it. */
const LIMITS = { records: 500, bytes: 512_000 };

/** HEC error codes that no retry will fix (docs/siem.md): the token, the index, the channel. */
const PERMANENT: Record<number, string> = {
  1: 'the HEC token is disabled',
  2: 'the HEC token is missing',
  3: 'the HEC authorization is invalid',
  4: 'the HEC token is invalid',
  7: 'the index is not allowed for this token (SIEM_SPLUNK_INDEX)',
  10: 'the token requires indexer acknowledgment: set SIEM_SPLUNK_ACK=true',
};

type HecReply = { text?: string; code?: number; ackId?: number; 'invalid-event-number'?: number };

/** One channel per token, the same across restarts, so a restarted bot can still ask about its acks. */
const channelFor = (token: string): string => {
  const h = createHash('sha256').update(`insights-bot:${token}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** `replyLimits`: the byte cap and deadline of HEC's answers (tests shorten it). */
export function createSplunkSender(config: SplunkConfig, replyLimits: CallLimits = REPLY_LIMITS): SiemSender {
  const channel = channelFor(config.token);
  const headers: Record<string, string> = {
    authorization: `Splunk ${config.token}`,
    'content-type': 'application/json',
    ...(config.ack ? { 'x-splunk-request-channel': channel } : {}),
  };
  // The envelope around the document's JSON text, `event` last.
  const envelope = encodedOnce((r: OutgoingRecord) => {
    const head = JSON.stringify({
      time: Date.parse(r.at) / 1000,
      source: config.source,
      sourcetype: SOURCETYPES[r.kind],
      ...(config.index ? { index: config.index } : {}),
      fields: { insights_id: r.key },
    });
    return `${head.slice(0, -1)},"event":${r.json}}`;
  });
  const fail = (reply: Reply): Extract<SendOutcome, { kind: 'retry' | 'pause' }> => {
    const body = parse(reply.text);
    const detail = `HEC ${reply.status}${body.code !== undefined ? ` code ${body.code}` : ''}: ${body.text ?? snippet(reply.text)}`;
    if (isTemporary(reply.status) || body.code === 9) {
      const after = retryAfterMs(reply);
      return { kind: 'retry', error: detail, ...(after !== undefined ? { retryAfterMs: after } : {}) };
    }
    const why = body.code !== undefined ? PERMANENT[body.code] : undefined;
    return { kind: 'pause', error: why ? `${why} (${detail})` : detail };
  };
  return {
    name: 'splunk',
    label: 'Splunk HEC',
    limits: LIMITS,
    size: (r) => Buffer.byteLength(envelope(r)) + 1,
    async send(batch) {
      const reply = await post(
        `${config.url}/services/collector/event`,
        batch.map(envelope).join('\n'),
        headers,
        replyLimits,
      );
      if ('kind' in reply) return reply;
      const body = parse(reply.text);
      if (reply.status === 200 && (body.code ?? 0) === 0) {
        if (!config.ack) return { kind: 'delivered' };
        if (typeof body.ackId === 'number') return { kind: 'awaiting-ack', ackId: body.ackId };
        return {
          kind: 'pause',
          error: 'HEC answered without an ackId: is indexer acknowledgment on for this token?',
        };
      }
      const bad = body['invalid-event-number'];
      if (
        reply.status === 400 &&
        body.code === 6 &&
        typeof bad === 'number' &&
        bad >= 0 &&
        bad < batch.length
      ) {
        // HEC indexed the events before the bad one and stopped there.
        return {
          kind: 'partial',
          delivered: bad,
          dead: `HEC 400 code 6: ${body.text ?? 'Invalid data format'}`,
        };
      }
      return fail(reply);
    },
    ...(config.ack
      ? {
          async checkAcks(ackIds: number[]) {
            const reply = await post(
              `${config.url}/services/collector/ack?channel=${channel}`,
              JSON.stringify({ acks: ackIds }),
              headers,
              replyLimits,
            );
            if ('kind' in reply) return reply;
            if (reply.status !== 200) return fail(reply);
            const acks = (parseJson(reply.text) as { acks?: Record<string, boolean> } | null)?.acks ?? {};
            return new Set(ackIds.filter((id) => acks[String(id)] === true));
          },
        }
      : {}),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const parse = (text: string): HecReply => {
  const v = parseJson(text);
  return v && typeof v === 'object' ? (v as HecReply) : {};
};
