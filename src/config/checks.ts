import cron from 'node-cron';
import type { DockerSettings } from '../docker/clients.js';
import { ConfigError } from '../errors.js';
import type { Env, SlackMode } from './env.js';

/** Every `*_TOKEN` and `*_SECRET` value (each of several; a `whsec_` one's key too) and DATABASE_URL's password. */
export function secretValues(e: Record<string, unknown>): string[] {
  const parts = Object.entries(e)
    .filter(([name, value]) => typeof value === 'string' && /_(TOKEN|SECRET)$/.test(name))
    .flatMap(([, value]) => String(value).split(/\s+/).filter(Boolean));
  const keys = parts.filter((p) => p.startsWith('whsec_')).map((p) => p.slice('whsec_'.length));
  const password = typeof e.DATABASE_URL === 'string' ? URL.parse(e.DATABASE_URL)?.password : undefined;
  return [...parts, ...keys, ...(password ? [password, decodeURIComponent(password)] : [])];
}

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

export function refuseIneffective(e: Env, mode: SlackMode): void {
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

export function dockerConfig(e: Env): DockerSettings | null {
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

export function slackMode(e: Env): SlackMode {
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
