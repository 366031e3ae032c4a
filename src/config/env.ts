import { z } from 'zod';
import { SEATS_ENV } from '../domain/seat-settings.js';
import { SIEM_ENV } from '../siem/config.js';

/** Turns '' into undefined so an empty variable in a .env file means "not set". */
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const EnvSchema = z.object({
  SLACK_BOT_TOKEN: optional(z.string().regex(/^xox[bp]-/, 'must be a bot token starting with xoxb-')),
  SLACK_SIGNING_SECRET: optional(z.string().min(8, 'looks too short for a Slack signing secret')),
  SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-/, 'must be an app-level token starting with xapp-')),
  SLACK_API_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  PORT: optional(z.coerce.number().int().min(0).max(65535)),
  HOST: optional(z.string()),
  METRICS_PORT: optional(z.coerce.number().int().min(0).max(65535)),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')),
  DATA_DIR: optional(z.string()),
  INSIGHTS_ADMINS: optional(z.string()),
  INSIGHTS_TIMEZONE: optional(z.string()),
  DEMO_SEED: optional(z.coerce.number().int()),
  DEMO_ORG: optional(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'must be an organization name')),
  DEMO_MEMBERS: optional(z.coerce.number().int().min(1).max(200_000)),
  DEMO_LAG_DAYS: optional(z.coerce.number().int().min(0).max(30)),
  DOCKER_ORG: optional(
    z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be the Docker organization name (lowercase)'),
  ),
  DOCKER_TOKEN: optional(
    z.string().min(8, 'must be a personal (dckr_pat_…) or organization (dckr_oat_…) access token'),
  ),
  DOCKER_USERNAME: optional(z.string()),
  DOCKER_HUB_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  DOCKER_API_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  IMPORT_DIR: optional(z.string()),
  COMPLIANCE_HEADERS: optional(z.string()),
  SYNC_CRON: optional(z.string()),
  ACTIVITY_SYNC_CRON: optional(z.string()),
  SCOUT_API_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  SCOUT_TOKEN: optional(z.string().min(8, 'must be a personal access token of an organization owner')),
  INGEST_TOKEN: optional(z.string().min(16, 'must be at least 16 characters (a long random string)')),
  INGEST_MIN_SEVERITY: optional(z.enum(['critical', 'high', 'medium', 'low'])),
  HUB_WEBHOOK_SECRET: optional(z.string().min(16, 'must be at least 16 characters (a long random string)')),
  SENSITIVE_ACTIONS: optional(z.string()),
  MIN_DESKTOP_VERSION: optional(z.string().regex(/^\d+(\.\d+){0,3}$/, 'must be a version such as 4.40.0')),
  ALERT_REPEAT_HOURS: optional(
    z.coerce
      .number()
      .min(1)
      .max(24 * 30),
  ),
  DELIVERY_LEASE_SECONDS: optional(z.coerce.number().int().min(1).max(3600)),
  DELIVERY_STALL_SECONDS: optional(
    z.coerce
      .number()
      .int()
      .min(10)
      .max(7 * 86_400),
  ),
  RENDER_WORKERS: optional(z.coerce.number().int().min(1).max(64)),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS)),
  ...SIEM_ENV,
  ...SEATS_ENV,
});

export type Env = z.infer<typeof EnvSchema>;

export type SlackMode = 'http' | 'socket' | 'sandbox';
