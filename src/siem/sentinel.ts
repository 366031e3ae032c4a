/**
 * Microsoft Sentinel through Azure Monitor's Logs Ingestion API (docs/siem.md): a JSON array of records
 * to `{endpoint}/dataCollectionRules/{dcr}/streams/{stream}?api-version=2023-01-01`, with an Entra ID
 * client-credentials token (refreshed before it expires). Each record gets `TimeGenerated`.
 */

import type { CallLimits } from '../outgoing.js';
import type { SentinelConfig } from './config.js';
import { encodedOnce, isTemporary, post, REPLY_LIMITS, retryAfterMs, snippet } from './http.js';
import type { OutgoingRecord, SendOutcome, SiemSender } from './types.js';

/** 1 MB per call is the API's limit; the array brackets and commas are counted. */
const LIMITS = { records: 5000, bytes: 1_000_000 - 1024 };
/** A token this close to its expiry is replaced before use. */
const REFRESH_MARGIN_MS = 5 * 60_000;
const SCOPE = 'https://monitor.azure.com//.default';

type Token = { value: string; expiresAt: number };

export function createSentinelSender(
  config: SentinelConfig,
  now: () => Date = () => new Date(),
  limits: CallLimits = REPLY_LIMITS,
): SiemSender {
  let token: Token | null = null;
  const url = `${config.endpoint}/dataCollectionRules/${encodeURIComponent(config.dcrId)}/streams/${encodeURIComponent(config.stream)}?api-version=2023-01-01`;
  const row = encodedOnce(
    (r: OutgoingRecord) => `{"TimeGenerated":${JSON.stringify(r.at)},${r.json.slice(1)}`,
  );

  async function bearer(): Promise<string | Extract<SendOutcome, { kind: 'retry' | 'pause' }>> {
    if (token && token.expiresAt - REFRESH_MARGIN_MS > now().getTime()) return token.value;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: config.clientId,
      client_secret: config.clientSecret,
      scope: SCOPE,
    });
    const reply = await post(
      config.tokenUrl,
      form.toString(),
      { 'content-type': 'application/x-www-form-urlencoded' },
      limits,
    );
    if ('kind' in reply) return reply;
    const body = (() => {
      try {
        return JSON.parse(reply.text) as {
          access_token?: string;
          expires_in?: number | string;
          error?: string;
        };
      } catch {
        return {};
      }
    })();
    if (reply.status === 200 && body.access_token) {
      const seconds = Number(body.expires_in ?? 3600);
      token = {
        value: body.access_token,
        expiresAt: now().getTime() + (Number.isFinite(seconds) ? seconds : 3600) * 1000,
      };
      return token.value;
    }
    const detail = `Entra ID token ${reply.status}: ${body.error ?? snippet(reply.text)}`;
    if (isTemporary(reply.status)) return { kind: 'retry', error: detail };
    return {
      kind: 'pause',
      error: `${detail} — check SIEM_SENTINEL_TENANT_ID, SIEM_SENTINEL_CLIENT_ID and SIEM_SENTINEL_CLIENT_SECRET`,
    };
  }

  return {
    name: 'sentinel',
    label: 'Microsoft Sentinel',
    limits: LIMITS,
    size: (r) => Buffer.byteLength(row(r)) + 1,
    async send(batch) {
      const auth = await bearer();
      if (typeof auth !== 'string') return auth;
      const reply = await post(
        url,
        `[${batch.map(row).join(',')}]`,
        {
          authorization: `Bearer ${auth}`,
          'content-type': 'application/json',
        },
        limits,
      );
      if ('kind' in reply) return reply;
      if (reply.status >= 200 && reply.status < 300) return { kind: 'delivered' };
      const detail = `Logs Ingestion API ${reply.status}${reply.text ? `: ${snippet(reply.text)}` : ''}`;
      if (reply.status === 401) {
        // The token was revoked or expired early: fetch a new one on the next try.
        token = null;
        return { kind: 'retry', error: detail, retryAfterMs: 0 };
      }
      if (isTemporary(reply.status)) {
        const after = retryAfterMs(reply);
        return { kind: 'retry', error: detail, ...(after !== undefined ? { retryAfterMs: after } : {}) };
      }
      if (reply.status === 403) {
        return {
          kind: 'pause',
          error: `${detail} — the app needs the Monitoring Metrics Publisher role on the DCR (a new role can take 30 minutes to apply)`,
        };
      }
      return { kind: 'pause', error: detail };
    },
  };
}
