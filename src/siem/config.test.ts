import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const SENTINEL = {
  SIEM_SENTINEL_ENDPOINT: 'https://dce-1.westeurope-1.ingest.monitor.azure.com',
  SIEM_SENTINEL_DCR_ID: 'dcr-0123456789abcdef0123456789abcdef',
  SIEM_SENTINEL_STREAM: 'Custom-DockerInsights_CL',
  SIEM_SENTINEL_TENANT_ID: 'contoso',
  SIEM_SENTINEL_CLIENT_ID: 'app-id',
  SIEM_SENTINEL_CLIENT_SECRET: 'app-secret',
};

describe('SIEM configuration', () => {
  it('has no destination by default, and reads each with its defaults', () => {
    expect(loadConfig({}).siem).toEqual({ splunk: null, sentinel: null, webhook: null, backfillDays: 0 });
    const siem = loadConfig({
      SIEM_SPLUNK_URL: 'https://splunk.example.com:8088/',
      SIEM_SPLUNK_TOKEN: '11111111-2222-3333-4444-555555555555',
      SIEM_SPLUNK_ACK: 'true',
      ...SENTINEL,
      SIEM_WEBHOOK_URL: 'http://10.0.0.5/hooks',
      SIEM_WEBHOOK_SECRET: `${SECRET} ${SECRET}`,
      SIEM_BACKFILL_DAYS: '30',
    }).siem;
    expect(siem.splunk).toEqual({
      url: 'https://splunk.example.com:8088',
      token: '11111111-2222-3333-4444-555555555555',
      source: 'insights-bot',
      ack: true,
    });
    expect(siem.sentinel?.tokenUrl).toBe('https://login.microsoftonline.com/contoso/oauth2/v2.0/token');
    expect(siem.webhook?.secrets).toHaveLength(2);
    expect(siem.webhook?.secrets[0]).toHaveLength(32);
    expect(siem.backfillDays).toBe(30);
  });

  it('names the variable to fix', () => {
    const refused: Array<[Record<string, string>, RegExp]> = [
      [{ SIEM_SPLUNK_URL: 'https://splunk:8088' }, /^SIEM_SPLUNK_TOKEN: required with SIEM_SPLUNK_URL/],
      [{ SIEM_SPLUNK_INDEX: 'main' }, /^SIEM_SPLUNK_INDEX: is only used with SIEM_SPLUNK_URL/],
      [{ ...SENTINEL, SIEM_SENTINEL_CLIENT_SECRET: '' }, /^SIEM_SENTINEL_CLIENT_SECRET: required with/],
      [
        { SIEM_WEBHOOK_URL: 'https://hooks.example.com/x' },
        /^SIEM_WEBHOOK_SECRET: required with SIEM_WEBHOOK_URL/,
      ],
      [
        { SIEM_WEBHOOK_URL: 'https://hooks.example.com/x', SIEM_WEBHOOK_SECRET: 'plain-secret' },
        /^SIEM_WEBHOOK_SECRET: secret 1 must be whsec_/,
      ],
      [
        {
          SIEM_WEBHOOK_URL: 'https://h/x',
          SIEM_WEBHOOK_SECRET: `whsec_${randomBytes(8).toString('base64')}`,
        },
        /24–64 random bytes/,
      ],
      [{ SIEM_BACKFILL_DAYS: '7' }, /^SIEM_BACKFILL_DAYS: is only used with a SIEM destination/],
    ];
    for (const [env, message] of refused) expect(() => loadConfig(env), JSON.stringify(env)).toThrow(message);
    expect(() => loadConfig({ SIEM_SPLUNK_URL: 'splunk:8088', SIEM_SPLUNK_TOKEN: 'x'.repeat(10) })).toThrow(
      /SIEM_SPLUNK_URL: must be an http\(s\) URL/,
    );
  });
});
