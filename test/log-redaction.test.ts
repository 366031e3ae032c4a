import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { LogSink } from './support/bot-harness.js';

/** Every secret the bot can be configured with, each in a shape no token pattern knows by itself. */
const ENV = {
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-abcdefghijkl',
  SLACK_SIGNING_SECRET: 'signing9f8e7d6c5b4a39281716',
  DOCKER_ORG: 'acme',
  DOCKER_TOKEN: 'dckr_oat_Z9y8X7w6V5u4T3s2',
  SCOUT_TOKEN: 'scoutpat_4b3c2d1e0f9a8b7c',
  INGEST_TOKEN: 'ingest-Q1w2E3r4T5y6U7i8O9p0',
  HUB_WEBHOOK_SECRET: 'hubsecret-A1s2D3f4G5h6J7k8',
  SIEM_SPLUNK_URL: 'https://splunk.example:8088',
  SIEM_SPLUNK_TOKEN: '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
  SIEM_SENTINEL_ENDPOINT: 'https://dce.example.ingest.monitor.azure.com',
  SIEM_SENTINEL_DCR_ID: 'dcr-0123456789abcdef0123456789abcdef',
  SIEM_SENTINEL_STREAM: 'Custom-DockerInsights',
  SIEM_SENTINEL_TENANT_ID: 'tenant',
  SIEM_SENTINEL_CLIENT_ID: 'client',
  SIEM_SENTINEL_CLIENT_SECRET: 'entra~Secret.Value_123456',
  SIEM_WEBHOOK_URL: 'https://hooks.example/siem',
  SIEM_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqXTwjsPoNrhMqGa2Mvm5DR3sDzfsPA3iY=',
  DATABASE_URL: 'postgres://bot:pg%2Fpass%40word99@db.example:5432/insights',
};
const SECRETS = [
  ...Object.entries(ENV)
    .filter(([name]) => /_(TOKEN|SECRET)$/.test(name))
    .map(([, value]) => value),
  'MfKQ9r8GKYqXTwjsPoNrhMqGa2Mvm5DR3sDzfsPA3iY=',
  'pg%2Fpass%40word99',
  'pg/pass@word99',
];

function traceLogger() {
  const config = loadConfig(ENV);
  const sink = new LogSink();
  return { sink, logger: createLogger({ level: 'trace', secrets: config.secrets, destination: sink }) };
}

describe('log redaction', () => {
  it('hides every configured secret at any depth, inside strings, in keys, bindings and errors', () => {
    const { sink, logger } = traceLogger();
    for (const secret of SECRETS) {
      const child = logger.child({ request: { note: `sent ${secret}` } });
      const err = Object.assign(new Error(`upstream said: bad credential ${secret}`), {
        config: {
          headers: { Authorization: `Token ${secret}` },
          data: { nested: { deeper: { value: secret } } },
        },
      });
      child.trace(
        { nested: { deeper: { token: secret, list: [{ text: `x${secret}y` }] } }, [secret]: 1, err },
        `message with ${secret} inside`,
      );
      child.trace(`plain ${JSON.stringify({ quoted: secret })}`);
    }
    expect(sink.lines).toHaveLength(SECRETS.length * 2);
    for (const line of sink.lines) {
      for (const secret of SECRETS) expect(line).not.toContain(secret);
      for (const secret of SECRETS) expect(line).not.toContain(JSON.stringify(secret).slice(1, -1));
      expect(line).toContain('[redacted]');
    }
  });

  it('redacts secret keys at any depth, case-insensitively, and token shapes it was not told about', () => {
    const { sink, logger } = traceLogger();
    logger.info(
      {
        nested: {
          deeper: { TOKEN: 'plain-value-1', Client_Secret: 'plain-value-2', password: 'plain-value-3' },
        },
        err: { config: { headers: { Authorization: 'Bearer plain-value-4' } } },
        headers: { 'X-Slack-Signature': 'v0=abc', cookie: 'session=plain-value-5' },
        email: 'alice@example.com',
        count: 3,
      },
      'other shapes: xoxp-9-9-abc, xapp-1-A0-9-abc, dckr_pat_abcdef, whsec_QUJDREVGR0g=, ' +
        'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib3QifQ.c2lnbmF0dXJl, ' +
        'Splunk 9d8c7b6a-5f4e-3d2c-1b0a-998877665544, mail bob@example.org',
    );
    const line = sink.lines.join('\n');
    for (let i = 1; i <= 5; i++) expect(line).not.toContain(`plain-value-${i}`);
    for (const shape of ['xoxp-9', 'xapp-1', 'dckr_pat_', 'whsec_', 'eyJhbGci', '9d8c7b6a', '@example']) {
      expect(line).not.toContain(shape);
    }
    expect(JSON.parse(sink.lines[0] ?? '{}')).toMatchObject({ count: 3, level: 'info' });
  });

  it('leaves an ordinary line as it was', () => {
    const { sink, logger } = traceLogger();
    logger.info({ source: 'hub-members', rows: 230, ok: true }, 'sync finished');
    expect(JSON.parse(sink.lines[0] ?? '{}')).toMatchObject({
      source: 'hub-members',
      rows: 230,
      ok: true,
      msg: 'sync finished',
    });
  });
});
