/**
 * A signed generic webhook, following Standard Webhooks (docs/siem.md): `{"records": [...]}`, with
 * `webhook-id`, `webhook-timestamp` and `webhook-signature` (`v1,<base64 HMAC-SHA256 of id.timestamp.body>`,
 * one per secret, space-separated, so a receiver can rotate its secret).
 */
import { createHash, createHmac } from 'node:crypto';
import type { CallLimits } from '../outgoing.js';
import type { WebhookConfig } from './config.js';
import { isTemporary, post, REPLY_LIMITS, retryAfterMs, snippet } from './http.js';
import type { SiemSender } from './types.js';

const LIMITS = { records: 500, bytes: 512_000 };

export function signatures(secrets: Buffer[], id: string, timestamp: number, body: string): string {
  return secrets
    .map((key) => `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`)
    .join(' ');
}

export function createWebhookSender(
  config: WebhookConfig,
  now: () => Date = () => new Date(),
  replyLimits: CallLimits = REPLY_LIMITS,
): SiemSender {
  return {
    name: 'webhook',
    label: 'Signed webhook',
    limits: LIMITS,
    size: (r) => Buffer.byteLength(r.json) + 1,
    async send(batch) {
      const body = `{"records":[${batch.map((r) => r.json).join(',')}]}`;
      // The same batch sent again keeps its id, so the receiver can drop the repeat.
      const id = `msg_${createHash('sha256')
        .update(batch.map((r) => r.key).join('\n'))
        .digest('hex')
        .slice(0, 32)}`;
      const timestamp = Math.floor(now().getTime() / 1000);
      const reply = await post(
        config.url,
        body,
        {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signatures(config.secrets, id, timestamp, body),
        },
        replyLimits,
      );
      if ('kind' in reply) return reply;
      if (reply.status >= 200 && reply.status < 300) return { kind: 'delivered' };
      const detail = `webhook ${reply.status}${reply.text ? `: ${snippet(reply.text)}` : ''}`;
      if (reply.status === 410) {
        return { kind: 'pause', error: `the endpoint answered 410 Gone, so it is disabled (${detail})` };
      }
      if (isTemporary(reply.status)) {
        const after = retryAfterMs(reply);
        return { kind: 'retry', error: detail, ...(after !== undefined ? { retryAfterMs: after } : {}) };
      }
      return { kind: 'pause', error: detail };
    },
  };
}
