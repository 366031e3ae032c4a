import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_SENSITIVE_ACTIONS, loadConfig } from './config.js';

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
});
