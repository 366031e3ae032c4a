import cron from 'node-cron';
import { z } from 'zod';
import { DEFAULT_SENSITIVE_ACTIONS } from './domain/activity-rules.js';
import { isValidTimeZone } from './domain/schedule-time.js';
import { SEATS_ENV, type SeatSettings, seatsConfig } from './domain/seat-settings.js';
import { ConfigError } from './errors.js';
import { SIEM_ENV, type SiemConfig, siemConfig } from './siem/config.js';

/** Turns '' into undefined so an empty variable in a .env file means "not set". */
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const EnvSchema = z.object({
  SLACK_BOT_TOKEN: optional(z.string().regex(/^xox[bp]-/, 'must be a bot token starting with xoxb-')),
  SLACK_SIGNING_SECRET: optional(z.string().min(8, 'looks too short for a Slack signing secret')),
  SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-/, 'must be an app-level token starting with xapp-')),
  SLACK_API_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  PORT: optional(z.coerce.number().int().min(0).max(65535)),
  HOST: optional(z.string()),
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
  RENDER_WORKERS: optional(z.coerce.number().int().min(1).max(64)),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS)),
  ...SIEM_ENV,
  ...SEATS_ENV,
});

export type SlackMode = 'http' | 'socket' | 'sandbox';

export interface Config {
  slack: {
    mode: SlackMode;
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
  };
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  /** Slack user IDs (U…/W…) and user-group IDs (S…) allowed to run admin-only actions. */
  admins: { users: string[]; groups: string[] };
  timezone: string;
  /** The demo organization; `lagDays` holds its data back that many extra days behind yesterday. */
  demo: { seed: number; org: string; members: number; lagDays: number };
  /** Docker sources: null when DOCKER_ORG is not set (the demo organization is used). */
  docker: {
    org: string;
    /** PAT or OAT; without it only imports feed the organization's data. */
    token?: string;
    username?: string;
    hubUrl: string;
    apiUrl: string;
  } | null;
  importDir?: string;
  complianceHeaders?: string;
  syncCron: string;
  activitySyncCron: string;
  renderWorkers?: number;
  /** Docker Scout's metrics exporter (polled at most hourly); null without SCOUT_TOKEN. */
  scout: { apiUrl: string; token: string } | null;
  /** `POST /ingest/scout`: CI posts `docker scout cves` results; null (endpoint off) without INGEST_TOKEN. */
  ingest: { token: string; minSeverity: 'critical' | 'high' | 'medium' | 'low' } | null;
  /** `POST /webhooks/hub/<secret>`: Docker Hub push webhooks; null (endpoint off) without a secret. */
  hubWebhookSecret: string | null;
  /** Activity-log actions that become alerts for `activity` subscriptions (exact, or prefix ending in `*`). */
  sensitiveActions: string[];
  /** Drift: a Docker Desktop older than this opens an alert (unset: no version rule). */
  minDesktopVersion?: string;
  /** Re-notify an open, unacknowledged alert this long after its last post. */
  alertRepeatMs: number;
  /** How long a delivery being sent stays reserved to its worker; keep it above Slack's client timeout. */
  deliveryLeaseMs: number;
  /** SIEM forwarding (src/app/siem.ts): each destination null unless configured. */
  siem: SiemConfig;
  /** Seats (DOCKER_SEATS, DOCKER_SEAT_PRICE, SEATS_*): docs/seats.md. */
  seats: SeatSettings;
  logLevel: (typeof LOG_LEVELS)[number];
}

export { ConfigError } from './errors.js';

/** Reads the environment once, at start, and fails fast naming the variable to fix. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(
      `Invalid configuration — fix these environment variables:\n  ${lines.join('\n  ')}`,
    );
  }
  const e = parsed.data;
  const timezone = e.INSIGHTS_TIMEZONE ?? 'UTC';
  if (!isValidTimeZone(timezone)) {
    throw new ConfigError(`INSIGHTS_TIMEZONE: "${timezone}" is not an IANA time zone (e.g. Europe/Berlin)`);
  }
  const mode = slackMode(e);
  refuseIneffective(e, mode);
  const adminIds = (e.INSIGHTS_ADMINS ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const badAdmin = adminIds.find((id) => !/^[UWS][A-Z0-9]+$/.test(id));
  if (badAdmin) {
    throw new ConfigError(
      `INSIGHTS_ADMINS: "${badAdmin}" is not a Slack user ID (U…/W…) or user-group ID (S…); separate IDs with commas`,
    );
  }
  return {
    slack: {
      mode,
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
    },
    port: e.PORT ?? 3000,
    // The sandbox makes whoever opens its page an admin: only this machine may, unless HOST says otherwise.
    host: e.HOST ?? (mode === 'sandbox' ? '127.0.0.1' : '0.0.0.0'),
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR ?? './data',
    admins: {
      users: adminIds.filter((id) => !id.startsWith('S')),
      groups: adminIds.filter((id) => id.startsWith('S')),
    },
    timezone,
    demo: {
      seed: e.DEMO_SEED ?? 42,
      org: e.DEMO_ORG ?? 'acme',
      members: e.DEMO_MEMBERS ?? 250,
      lagDays: e.DEMO_LAG_DAYS ?? 0,
    },
    docker: dockerConfig(e),
    importDir: e.IMPORT_DIR,
    complianceHeaders: e.COMPLIANCE_HEADERS,
    syncCron: e.SYNC_CRON ?? '7 * * * *',
    activitySyncCron: e.ACTIVITY_SYNC_CRON ?? '*/5 * * * *',
    renderWorkers: e.RENDER_WORKERS,
    scout: e.SCOUT_TOKEN
      ? { apiUrl: e.SCOUT_API_URL ?? 'https://api.scout.docker.com', token: e.SCOUT_TOKEN }
      : null,
    ingest: e.INGEST_TOKEN ? { token: e.INGEST_TOKEN, minSeverity: e.INGEST_MIN_SEVERITY ?? 'high' } : null,
    hubWebhookSecret: e.HUB_WEBHOOK_SECRET ?? null,
    sensitiveActions: e.SENSITIVE_ACTIONS
      ? e.SENSITIVE_ACTIONS.split(/[\s,]+/).filter(Boolean)
      : DEFAULT_SENSITIVE_ACTIONS,
    minDesktopVersion: e.MIN_DESKTOP_VERSION,
    alertRepeatMs: (e.ALERT_REPEAT_HOURS ?? 24) * 3_600_000,
    deliveryLeaseMs: (e.DELIVERY_LEASE_SECONDS ?? 120) * 1000,
    siem: siemConfig(e),
    seats: seatsConfig(e),
    logLevel: e.LOG_LEVEL ?? 'info',
  };
}

type Env = z.infer<typeof EnvSchema>;

/**
 * Settings that could never take effect with the rest of the configuration: refused, naming the variable,
 * rather than ignored silently.
 */
const NEEDS: Array<{ set: keyof Env; unless: (e: Env, mode: SlackMode) => boolean; why: string }> = [
  {
    set: 'SCOUT_TOKEN',
    unless: (e) => !!e.DOCKER_ORG,
    why: 'needs DOCKER_ORG (the organization whose Scout exporter to read)',
  },
  { set: 'SCOUT_API_URL', unless: (e) => !!e.SCOUT_TOKEN, why: 'is only used with SCOUT_TOKEN' },
  {
    set: 'DOCKER_USERNAME',
    unless: (e) => !!e.DOCKER_TOKEN,
    why: 'is only used with DOCKER_TOKEN (a personal access token)',
  },
  { set: 'DOCKER_HUB_URL', unless: (e) => !!e.DOCKER_TOKEN, why: 'is only used with DOCKER_TOKEN' },
  { set: 'DOCKER_API_URL', unless: (e) => !!e.DOCKER_TOKEN, why: 'is only used with DOCKER_TOKEN' },
  {
    set: 'SYNC_CRON',
    unless: (e) => !!e.DOCKER_TOKEN,
    why: 'schedules the Docker API sync, which needs DOCKER_TOKEN',
  },
  {
    set: 'ACTIVITY_SYNC_CRON',
    unless: (e) => !!e.DOCKER_TOKEN,
    why: 'schedules the activity-log sync, which needs DOCKER_TOKEN',
  },
  { set: 'INGEST_MIN_SEVERITY', unless: (e) => !!e.INGEST_TOKEN, why: 'is only used with INGEST_TOKEN' },
  ...(['DEMO_ORG', 'DEMO_SEED', 'DEMO_MEMBERS', 'DEMO_LAG_DAYS'] as const).map((set) => ({
    set,
    unless: (e: Env) => !e.DOCKER_ORG,
    why: 'shapes the built-in demo organization, which is not used when DOCKER_ORG is set',
  })),
  {
    set: 'SLACK_API_URL',
    unless: (_e, mode) => mode !== 'sandbox',
    why: 'is only used with SLACK_BOT_TOKEN (the sandbox talks to its own local Slack)',
  },
  {
    set: 'SLACK_SIGNING_SECRET',
    unless: (_e, mode) => mode !== 'socket',
    why: 'is not used in Socket Mode (SLACK_APP_TOKEN is set): keep one of the two',
  },
];

function refuseIneffective(e: Env, mode: SlackMode): void {
  const ineffective = NEEDS.find((n) => e[n.set] !== undefined && !n.unless(e, mode));
  if (ineffective)
    throw new ConfigError(`${ineffective.set}: ${ineffective.why}; remove it or set what it needs`);
  for (const name of ['SYNC_CRON', 'ACTIVITY_SYNC_CRON'] as const) {
    const expression = e[name];
    if (expression !== undefined && !cron.validate(expression)) {
      throw new ConfigError(`${name}: "${expression}" is not a cron expression (e.g. "7 * * * *")`);
    }
  }
}

function dockerConfig(e: Env): Config['docker'] {
  if (!e.DOCKER_ORG) {
    if (e.DOCKER_TOKEN)
      throw new ConfigError('DOCKER_ORG: required with DOCKER_TOKEN (the organization to read)');
    return null;
  }
  if (e.DOCKER_TOKEN?.startsWith('dckr_pat_') && !e.DOCKER_USERNAME) {
    throw new ConfigError(
      'DOCKER_USERNAME: required with a personal access token (dckr_pat_…) in DOCKER_TOKEN',
    );
  }
  return {
    org: e.DOCKER_ORG,
    token: e.DOCKER_TOKEN,
    username: e.DOCKER_USERNAME,
    hubUrl: e.DOCKER_HUB_URL ?? 'https://hub.docker.com',
    apiUrl: e.DOCKER_API_URL ?? 'https://api.docker.com',
  };
}

function slackMode(e: Env): SlackMode {
  if (!e.SLACK_BOT_TOKEN) {
    if (e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN) {
      throw new ConfigError('SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set');
    }
    return 'sandbox';
  }
  if (e.SLACK_APP_TOKEN) return 'socket';
  if (!e.SLACK_SIGNING_SECRET) {
    throw new ConfigError(
      'SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
    );
  }
  return 'http';
}
