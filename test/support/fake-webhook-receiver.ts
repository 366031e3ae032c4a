/**
 * A receiver of Standard Webhooks (standardwebhooks.com): it verifies `webhook-signature` against its own
 * secrets the way the specification's reference libraries do — HMAC-SHA256 over `{id}.{timestamp}.{body}`
 * with the base64-decoded `whsec_` secret, any of the space-separated `v1,` signatures matching — and
 * answers 204, or what the test set (410 Gone, 429/503 with Retry-After).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  id: string;
  timestamp: number;
  body: string;
  signatures: string[];
  records: Array<Record<string, unknown>>;
}

export interface FakeWebhookReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  /** Answers from now on with this status (e.g. 410), until set back to 204. */
  answer(status: number, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

/** The Standard Webhooks verification, with one receiver's secret. */
export function verifies(
  secret: string,
  w: Pick<ReceivedWebhook, 'id' | 'timestamp' | 'body' | 'signatures'>,
) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${w.id}.${w.timestamp}.${w.body}`).digest();
  return w.signatures.some((s) => {
    const [version, sig] = s.split(',');
    if (version !== 'v1' || !sig) return false;
    const given = Buffer.from(sig, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export async function startFakeWebhookReceiver(): Promise<FakeWebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let status = 204;
  let extra: Record<string, string> = {};
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (status >= 200 && status < 300) {
        received.push({
          id: String(req.headers['webhook-id']),
          timestamp: Number(req.headers['webhook-timestamp']),
          body,
          signatures: String(req.headers['webhook-signature'] ?? '').split(' '),
          records: (JSON.parse(body) as { records: Array<Record<string, unknown>> }).records,
        });
      }
      res.writeHead(status, extra);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/insights`,
    received,
    answer(s, headers = {}) {
      status = s;
      extra = headers;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
