/**
 * The SIEM destinations' settings (README "Forwarding to a SIEM"): one of each kind, any of them at once.
 * src/config.ts reads the environment and calls `siemConfig()`; a destination with some of its variables
 * set and others missing is refused, naming the variable to fix.
 */
import { z } from 'zod';
import { ConfigError } from '../errors.js';

const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());
const httpUrl = optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }));

/** Standard Webhooks secrets: `whsec_` + base64 of 24–64 random bytes. */
const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

export const SIEM_ENV = {
  SIEM_SPLUNK_URL: httpUrl,
  SIEM_SPLUNK_TOKEN: optional(z.string().min(8, 'must be the HEC token (a GUID)')),
  SIEM_SPLUNK_INDEX: optional(z.string().regex(/^[a-z0-9_][a-z0-9_-]*$/, 'must be a Splunk index name')),
  SIEM_SPLUNK_SOURCE: optional(z.string().min(1)),
  SIEM_SPLUNK_ACK: optional(z.enum(['true', 'false'], { error: 'must be true or false' })),
  SIEM_SENTINEL_ENDPOINT: httpUrl,
  SIEM_SENTINEL_DCR_ID: optional(
    z.string().regex(/^dcr-[0-9a-f]{32}$/i, 'must be the DCR immutable id (dcr-…)'),
  ),
  SIEM_SENTINEL_STREAM: optional(
    z.string().regex(/^Custom-[A-Za-z0-9_]+$/, 'must be a stream name (Custom-…)'),
  ),
  SIEM_SENTINEL_TENANT_ID: optional(z.string().min(1)),
  SIEM_SENTINEL_CLIENT_ID: optional(z.string().min(1)),
  SIEM_SENTINEL_CLIENT_SECRET: optional(z.string().min(1)),
  SIEM_SENTINEL_TOKEN_URL: httpUrl,
  SIEM_WEBHOOK_URL: httpUrl,
  SIEM_WEBHOOK_SECRET: optional(z.string()),
  SIEM_BACKFILL_DAYS: optional(z.coerce.number().int().min(0).max(3650)),
};

type SiemEnv = { [K in keyof typeof SIEM_ENV]?: z.output<(typeof SIEM_ENV)[K]> };

export interface SplunkConfig {
  url: string;
  token: string;
  index?: string;
  source: string;
  ack: boolean;
}

export interface SentinelConfig {
  endpoint: string;
  dcrId: string;
  stream: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
}

export interface WebhookConfig {
  url: string;
  /** The decoded keys, in the order given: the bot signs with each (rotation). */
  secrets: Buffer[];
}

export interface SiemConfig {
  splunk: SplunkConfig | null;
  sentinel: SentinelConfig | null;
  webhook: WebhookConfig | null;
  /** How many days of stored history a new destination receives first (0: it starts from now). */
  backfillDays: number;
}

/** All of a group's variables, or none: the first missing one is named. */
function group<K extends keyof SiemEnv>(e: SiemEnv, what: string, required: K[]): boolean {
  const set = required.filter((k) => e[k] !== undefined);
  if (set.length === 0) return false;
  const missing = required.find((k) => e[k] === undefined);
  if (missing) throw new ConfigError(`${missing}: required with ${set[0]} (${what})`);
  return true;
}

export function siemConfig(e: SiemEnv): SiemConfig {
  const splunk = group(e, 'the Splunk HEC destination', ['SIEM_SPLUNK_URL', 'SIEM_SPLUNK_TOKEN']);
  for (const k of ['SIEM_SPLUNK_INDEX', 'SIEM_SPLUNK_SOURCE', 'SIEM_SPLUNK_ACK'] as const) {
    if (!splunk && e[k] !== undefined)
      throw new ConfigError(`${k}: is only used with SIEM_SPLUNK_URL; set it too`);
  }
  const sentinel = group(e, 'the Microsoft Sentinel destination', [
    'SIEM_SENTINEL_ENDPOINT',
    'SIEM_SENTINEL_DCR_ID',
    'SIEM_SENTINEL_STREAM',
    'SIEM_SENTINEL_TENANT_ID',
    'SIEM_SENTINEL_CLIENT_ID',
    'SIEM_SENTINEL_CLIENT_SECRET',
  ]);
  if (!sentinel && e.SIEM_SENTINEL_TOKEN_URL !== undefined) {
    throw new ConfigError('SIEM_SENTINEL_TOKEN_URL: is only used with SIEM_SENTINEL_ENDPOINT; set it too');
  }
  const webhook = group(e, 'the signed webhook destination', ['SIEM_WEBHOOK_URL', 'SIEM_WEBHOOK_SECRET']);
  const any = splunk || sentinel || webhook;
  if (!any && e.SIEM_BACKFILL_DAYS !== undefined) {
    throw new ConfigError('SIEM_BACKFILL_DAYS: is only used with a SIEM destination (SIEM_SPLUNK_URL, …)');
  }
  const base = (url: string) => url.replace(/\/+$/, '');
  return {
    splunk: splunk
      ? {
          url: base(e.SIEM_SPLUNK_URL as string),
          token: e.SIEM_SPLUNK_TOKEN as string,
          ...(e.SIEM_SPLUNK_INDEX ? { index: e.SIEM_SPLUNK_INDEX } : {}),
          source: e.SIEM_SPLUNK_SOURCE ?? 'insights-bot',
          ack: e.SIEM_SPLUNK_ACK === 'true',
        }
      : null,
    sentinel: sentinel
      ? {
          endpoint: base(e.SIEM_SENTINEL_ENDPOINT as string),
          dcrId: e.SIEM_SENTINEL_DCR_ID as string,
          stream: e.SIEM_SENTINEL_STREAM as string,
          tenantId: e.SIEM_SENTINEL_TENANT_ID as string,
          clientId: e.SIEM_SENTINEL_CLIENT_ID as string,
          clientSecret: e.SIEM_SENTINEL_CLIENT_SECRET as string,
          tokenUrl:
            e.SIEM_SENTINEL_TOKEN_URL ??
            `https://login.microsoftonline.com/${encodeURIComponent(e.SIEM_SENTINEL_TENANT_ID as string)}/oauth2/v2.0/token`,
        }
      : null,
    webhook: webhook
      ? { url: e.SIEM_WEBHOOK_URL as string, secrets: webhookSecrets(e.SIEM_WEBHOOK_SECRET as string) }
      : null,
    backfillDays: e.SIEM_BACKFILL_DAYS ?? 0,
  };
}

function webhookSecrets(value: string): Buffer[] {
  return value
    .split(/\s+/)
    .filter(Boolean)
    .map((secret, i) => {
      const key = WEBHOOK_SECRET.test(secret) ? Buffer.from(secret.slice('whsec_'.length), 'base64') : null;
      if (!key || key.length < 24 || key.length > 64) {
        throw new ConfigError(
          `SIEM_WEBHOOK_SECRET: secret ${i + 1} must be whsec_ followed by the base64 of 24–64 random bytes (openssl rand -base64 32)`,
        );
      }
      return key;
    });
}
