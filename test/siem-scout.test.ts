import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, NOW, startHarness } from './support/bot-harness.js';
import { compliantMetrics, type FakeScout, POLICY_ROOT, startFakeScout } from './support/fake-scout.js';
import { type FakeWebhookReceiver, startFakeWebhookReceiver } from './support/fake-webhook-receiver.js';

const INGEST_TOKEN = 'ingest-token-0123456789abcdef';
const sarif = readFileSync(new URL('./fixtures/scout/acme-api-1.4.sarif', import.meta.url), 'utf8');
let scout: FakeScout;
let webhook: FakeWebhookReceiver;
let h: Harness;
let clock = NOW.getTime();

const scoutRecords = () => webhook.received.flatMap((w) => w.records).filter((r) => r.kind === 'scout');

beforeAll(async () => {
  scout = await startFakeScout();
  webhook = await startFakeWebhookReceiver();
  h = await startHarness({
    DOCKER_ORG: 'acme',
    SCOUT_TOKEN: scout.ownerToken,
    SCOUT_API_URL: scout.url,
    INGEST_TOKEN,
    SIEM_WEBHOOK_URL: webhook.url,
    SIEM_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
  });
});
afterAll(async () => {
  await h?.close();
  await webhook?.close();
  await scout?.close();
});

async function scrape() {
  clock += 3_600_000;
  h.setNow(new Date(clock));
  await h.bot.services.sync.run(new Date(clock), { only: ['scout-metrics'] });
  await h.bot.services.siem.runOnce(new Date(clock));
}

describe('Scout results in the SIEM', () => {
  it('forwards the exporter scrapes that change something, with the previous counts', async () => {
    await scrape();
    expect(scoutRecords()).toHaveLength(1);
    expect(scoutRecords()[0]).toMatchObject({ event: 'scrape_change', org: 'acme' });
    await scrape(); // the same numbers: nothing to tell
    expect(scoutRecords()).toHaveLength(1);
    const metrics = compliantMetrics();
    scout.setMetrics({
      ...metrics,
      policies: metrics.policies.map((p) =>
        p.id === POLICY_ROOT.id && p.stream === 'production' ? { ...p, compliant: 9 } : p,
      ),
    });
    await scrape();
    expect(scoutRecords()).toHaveLength(2);
    expect(scoutRecords()[1]).toMatchObject({
      policies: [
        {
          stream: 'production',
          policy_id: POLICY_ROOT.id,
          display_name: POLICY_ROOT.displayName,
          compliant: 9,
          evaluated: 12,
          previous_compliant: 12,
        },
      ],
      vulnerabilities: [],
    });
  });

  it('forwards each CI result’s summary', async () => {
    const res = await fetch(`http://127.0.0.1:${h.bot.port}/ingest/scout?image=acme/api:1.4`, {
      method: 'POST',
      headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' },
      body: sarif,
    });
    expect(res.status).toBe(200);
    await h.bot.services.siem.runOnce(new Date(clock));
    const result = scoutRecords().find((r) => r.event === 'ci_result');
    expect(result).toMatchObject({
      image: 'acme/api:1.4',
      format: 'sarif',
      alerts_opened: expect.any(Number),
    });
    expect((result?.vulnerabilities as Record<string, number> | undefined)?.critical).toBeGreaterThan(0);
  });
});
