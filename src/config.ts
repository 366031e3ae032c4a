import { dockerConfig, refuseIneffective, secretValues, slackMode } from './config/checks.js';
import { EnvSchema, type LOG_LEVELS, type SlackMode } from './config/env.js';
import type { DockerSettings } from './docker/clients.js';
import { DEFAULT_SENSITIVE_ACTIONS } from './domain/activity-rules.js';
import { isValidTimeZone } from './domain/schedule-time.js';
import { type SeatSettings, seatsConfig } from './domain/seat-settings.js';
import { ConfigError } from './errors.js';
import { type SiemConfig, siemConfig } from './siem/config.js';

export type { SlackMode } from './config/env.js';

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
  /** `/metrics` on its own listener (same interface as HOST); null (off) unless METRICS_PORT is set. */
  metricsPort: number | null;
  databaseUrl?: string;
  dataDir: string;
  /** Slack user IDs (U…/W…) and user-group IDs (S…) allowed to run admin-only actions. */
  admins: { users: string[]; groups: string[] };
  timezone: string;
  /** The demo organization; `lagDays` holds its data back that many extra days behind yesterday. */
  demo: { seed: number; org: string; members: number; lagDays: number };
  /** Docker sources: null when DOCKER_ORG is not set (the demo organization is used). */
  docker: DockerSettings | null;
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
  /** A post waiting longer than this past its due time: status and /healthz say the delivery is stalled. */
  deliveryStallMs: number;
  /** SIEM forwarding (src/app/siem.ts): each destination null unless configured. */
  siem: SiemConfig;
  /** Seats (DOCKER_SEATS, DOCKER_SEAT_PRICE, SEATS_*): docs/seats.md. */
  seats: SeatSettings;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Every configured secret value (tokens, signing secrets, the database password): the logger redacts them. */
  secrets: string[];
}

export { ConfigError } from './errors.js';

/**
 * Whether LOG_LEVEL asks for debug output (then the CLI prints a failure's stack trace too). Read on
 * its own: it must work when the rest of the configuration is what failed.
 */
export function debugOutput(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'trace';
}

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
  if (e.METRICS_PORT && e.METRICS_PORT === (e.PORT ?? 3000)) {
    throw new ConfigError('METRICS_PORT: must differ from PORT (metrics never share the Slack port)');
  }
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
    metricsPort: e.METRICS_PORT ?? null,
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
    deliveryStallMs: (e.DELIVERY_STALL_SECONDS ?? 600) * 1000,
    siem: siemConfig(e),
    seats: seatsConfig(e),
    logLevel: e.LOG_LEVEL ?? 'info',
    secrets: secretValues(e),
  };
}
