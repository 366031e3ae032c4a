import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { DEFAULT_SENSITIVE_ACTIONS } from './domain/activity-rules.js';

describe('configuration', () => {
  it('keeps the sandbox on this machine unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret-123' }).host).toBe(
      '0.0.0.0',
    );
  });

  it('reads the alert, Scout, ingest and webhook settings with their defaults', () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({
      alertRepeatMs: 24 * 3_600_000,
      scout: null,
      ingest: null,
      hubWebhookSecret: null,
      sensitiveActions: DEFAULT_SENSITIVE_ACTIONS,
    });
    const set = loadConfig({
      DOCKER_ORG: 'acme',
      SCOUT_TOKEN: 'dckr_pat_owner',
      INGEST_TOKEN: '0123456789abcdef',
      INGEST_MIN_SEVERITY: 'critical',
      SENSITIVE_ACTIONS: 'member.remove, sso.*',
      ALERT_REPEAT_HOURS: '6',
      MIN_DESKTOP_VERSION: '4.40.0',
    });
    expect(set).toMatchObject({
      scout: { apiUrl: 'https://api.scout.docker.com', token: 'dckr_pat_owner' },
      ingest: { token: '0123456789abcdef', minSeverity: 'critical' },
      sensitiveActions: ['member.remove', 'sso.*'],
      alertRepeatMs: 6 * 3_600_000,
      minDesktopVersion: '4.40.0',
    });
  });

  it('names the variable to fix', () => {
    expect(() => loadConfig({ INGEST_TOKEN: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ INGEST_TOKEN: 'short' })).toThrow(/INGEST_TOKEN/);
    expect(() => loadConfig({ MIN_DESKTOP_VERSION: 'latest' })).toThrow(/MIN_DESKTOP_VERSION/);
    expect(() => loadConfig({ HUB_WEBHOOK_SECRET: 'abc' })).toThrow(/HUB_WEBHOOK_SECRET/);
  });

  it('refuses settings that could never take effect, naming the variable', () => {
    const refused: Array<[Record<string, string>, RegExp]> = [
      [{ SCOUT_TOKEN: 'dckr_pat_owner' }, /^SCOUT_TOKEN: needs DOCKER_ORG/],
      [{ SCOUT_API_URL: 'http://127.0.0.1:1' }, /^SCOUT_API_URL: is only used with SCOUT_TOKEN/],
      [{ DOCKER_ORG: 'acme', DOCKER_USERNAME: 'olga' }, /^DOCKER_USERNAME: is only used with DOCKER_TOKEN/],
      [{ DOCKER_ORG: 'acme', SYNC_CRON: '0 * * * *' }, /^SYNC_CRON: schedules the Docker API sync/],
      [{ DOCKER_ORG: 'acme', DEMO_SEED: '7' }, /^DEMO_SEED: shapes the built-in demo organization/],
      [{ INGEST_MIN_SEVERITY: 'low' }, /^INGEST_MIN_SEVERITY: is only used with INGEST_TOKEN/],
      [{ SLACK_API_URL: 'http://127.0.0.1:1/api/' }, /^SLACK_API_URL: is only used with SLACK_BOT_TOKEN/],
      [
        { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: 'secret-123' },
        /^SLACK_SIGNING_SECRET: is not used in Socket Mode/,
      ],
      [
        { DOCKER_ORG: 'acme', DOCKER_TOKEN: 'dckr_oat_0123', SYNC_CRON: 'hourly' },
        /^SYNC_CRON: "hourly" is not a cron expression/,
      ],
    ];
    for (const [env, message] of refused) expect(() => loadConfig(env), JSON.stringify(env)).toThrow(message);
    // An empty variable (as .env.example leaves them) is not set.
    expect(loadConfig({ DOCKER_ORG: 'acme', DEMO_SEED: '', SCOUT_API_URL: '' }).docker?.org).toBe('acme');
  });
});
