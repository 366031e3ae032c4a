import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, NOW, startHarness } from './support/bot-harness.js';
import {
  type FakeDocker,
  generateAuditLogs,
  generateMembers,
  startFakeDocker,
} from './support/fake-docker.js';
import { type FakeHec, startFakeHec } from './support/fake-hec.js';
import { type FakeSentinel, ONE_MB, startFakeSentinel } from './support/fake-sentinel.js';
import {
  type FakeWebhookReceiver,
  startFakeWebhookReceiver,
  verifies,
} from './support/fake-webhook-receiver.js';
import { answerOf, drainSiem, idsOf, movableClock } from './support/siem.js';

const ADMIN = 'U0ADMIN';
const HEC_TOKEN = '0b7e3c4a-1d2f-4e5a-8b9c-6d7e8f9a0b1c';
const DCR = 'dcr-0123456789abcdef0123456789abcdef';
const STREAM = 'Custom-DockerInsights_CL';
const CLIENT_SECRET = 'sentinel-client-secret-value';
const OLD_SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const NEW_SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const EVENTS = 4000;

let fake: FakeDocker;
let hec: FakeHec;
let sentinel: FakeSentinel;
let webhook: FakeWebhookReceiver;
let h: Harness;
const time = movableClock(() => h);

const command = (text: string, user = ADMIN, channel = 'C0INSIGHTS') => answerOf(h, text, user, channel);

beforeAll(async () => {
  fake = await startFakeDocker({
    org: 'acme',
    credentials: [{ identifier: 'acme', secret: 'dckr_oat_acme' }],
    members: generateMembers(5, { seed: 5, now: NOW }),
    auditLogs: generateAuditLogs(EVENTS, {
      seed: 5,
      org: 'acme',
      from: new Date(NOW.getTime() - 86_400_000),
      to: NOW,
    }),
  });
  hec = await startFakeHec({ token: HEC_TOKEN, ack: true });
  sentinel = await startFakeSentinel({
    tenant: 'contoso-tenant',
    clientId: 'insights-app',
    clientSecret: CLIENT_SECRET,
    dcrId: DCR,
    stream: STREAM,
    tokenSeconds: 600,
    now: () => time.now().getTime(),
  });
  webhook = await startFakeWebhookReceiver();
  h = await startHarness({
    DOCKER_ORG: 'acme',
    DOCKER_TOKEN: 'dckr_oat_acme',
    DOCKER_HUB_URL: fake.hubUrl,
    DOCKER_API_URL: fake.apiUrl,
    INSIGHTS_ADMINS: ADMIN,
    SIEM_SPLUNK_URL: hec.url,
    SIEM_SPLUNK_TOKEN: HEC_TOKEN,
    SIEM_SPLUNK_ACK: 'true',
    SIEM_SENTINEL_ENDPOINT: sentinel.endpoint,
    SIEM_SENTINEL_DCR_ID: DCR,
    SIEM_SENTINEL_STREAM: STREAM,
    SIEM_SENTINEL_TENANT_ID: 'contoso-tenant',
    SIEM_SENTINEL_CLIENT_ID: 'insights-app',
    SIEM_SENTINEL_CLIENT_SECRET: CLIENT_SECRET,
    SIEM_SENTINEL_TOKEN_URL: sentinel.tokenUrl('contoso-tenant'),
    // Rotation: the new secret first, the old one still signed with until every receiver has the new one.
    SIEM_WEBHOOK_SECRET: `${NEW_SECRET} ${OLD_SECRET}`,
    SIEM_WEBHOOK_URL: webhook.url,
  });
  await h.bot.initialSync;
}, 120_000);
afterAll(async () => {
  await h?.close();
  await Promise.all([hec?.close(), sentinel?.close(), webhook?.close(), fake?.close()]);
});

describe('SIEM destinations, all at once', () => {
  it('delivers everything to each: a batch whose HEC ack never turns true is sent again', async () => {
    hec.loseAcks(1);
    await drainSiem(h, time);
    const activity = (records: Array<Record<string, unknown>>) =>
      records.filter((r) => r.kind === 'activity');

    // Splunk: every request on one channel; the lost batch arrived on its second sending.
    expect(idsOf(activity(hec.indexed.map((e) => e.event))).ids.size).toBe(EVENTS);
    expect(new Set(hec.requests.map((r) => r.channel)).size).toBe(1);
    expect(hec.requests[0]?.channel).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const sentEvents = hec.requests.reduce((n, r) => n + r.events, 0);
    expect(sentEvents).toBeGreaterThan(hec.indexed.length - 1);
    expect(sentEvents).toBeGreaterThan(EVENTS);

    // Sentinel: arrays under 1 MB, TimeGenerated set.
    expect(idsOf(activity(sentinel.records)).ids.size).toBe(EVENTS);
    expect(sentinel.calls.length).toBeGreaterThan(1);
    expect(Math.max(...sentinel.calls.map((c) => c.bytes))).toBeLessThan(ONE_MB);
    expect(sentinel.records[0]?.TimeGenerated).toBe(sentinel.records[0]?.time);

    // Webhook: every delivery verifies with the new secret and with the old one (rotation).
    expect(idsOf(activity(webhook.received.flatMap((w) => w.records))).ids.size).toBe(EVENTS);
    for (const w of webhook.received) {
      expect(verifies(NEW_SECRET, w)).toBe(true);
      expect(verifies(OLD_SECRET, w)).toBe(true);
      expect(verifies(`whsec_${randomBytes(32).toString('base64')}`, w)).toBe(false);
      expect(Math.abs(w.timestamp - Date.now() / 1000)).toBeLessThan(300);
      expect(w.id).toMatch(/^msg_[0-9a-f]{32}$/);
    }
    expect(h.logs.lines.join('\n')).not.toContain(CLIENT_SECRET);
    expect(h.logs.lines.join('\n')).not.toContain(NEW_SECRET);
  });

  it('refreshes the Sentinel token before it expires, and waits out a 429 for as long as Retry-After says', async () => {
    // Six minutes on, the ten-minute token is within five minutes of expiry: the next call gets a new one.
    const tokens = sentinel.tokens.length;
    time.advance(6 * 60_000);
    sentinel.throttle(1, 30);
    await command('subscribe drift');
    const calls = sentinel.calls.length;
    await h.bot.services.siem.runOnce(time.now());
    expect(sentinel.calls.slice(calls).map((c) => c.status)).toEqual([429]);
    await h.bot.services.siem.runOnce(time.advance(20_000));
    expect(sentinel.calls.length).toBe(calls + 1);
    await h.bot.services.siem.runOnce(time.advance(11_000));
    expect(sentinel.calls.slice(calls).map((c) => c.status)).toEqual([429, 204]);
    expect(sentinel.records.at(-1)).toMatchObject({ kind: 'audit', action: 'subscribe.drift', actor: ADMIN });
    expect(sentinel.tokens.length).toBe(tokens + 1);
    expect(sentinel.calls.filter((c) => c.status === 401)).toEqual([]);
  });

  it('disables the webhook on 410 Gone, with a message, while the others go on', async () => {
    webhook.answer(410);
    await command('unsubscribe drift');
    await drainSiem(h, time);
    const view = JSON.stringify((await command('siem')).blocks);
    expect(view).toContain('*Signed webhook* (`webhook`) — paused');
    expect(view).toContain('the endpoint answered 410 Gone, so it is disabled');
    expect(sentinel.records.at(-1)).toMatchObject({ kind: 'audit', action: 'unsubscribe.drift' });
    expect(hec.indexed.at(-1)?.event).toMatchObject({ kind: 'audit', action: 'unsubscribe.drift' });
    const status = JSON.stringify((await command('status', 'U0ANYONE')).blocks);
    expect(status).toContain('SIEM destination Signed webhook is paused');
  });
});
