import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/bot-harness.js';
import { compliantMetrics, type FakeScout, startFakeScout } from './support/fake-scout.js';

const ADMIN = 'U0ADMIN';
const INGEST_TOKEN = 'ingest-token-0123456789abcdef';
let fake: FakeScout;
let h: Harness;

beforeAll(async () => {
  fake = await startFakeScout({ org: 'acme', metrics: compliantMetrics() });
  h = await startHarness({
    DOCKER_ORG: 'acme',
    SCOUT_API_URL: fake.url,
    SCOUT_TOKEN: fake.ownerToken,
    INGEST_TOKEN,
    INSIGHTS_ADMINS: ADMIN,
  });
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

const posts = (channel: string) => h.slack.history(channel).filter((m) => !m.ephemeralTo);

describe('Docker Scout in the running bot', () => {
  it('polls the exporter on its schedule, alerts a scout subscription, and answers /insights scout', async () => {
    await h.command('subscribe scout severity>=high', { user: ADMIN, channel: 'C0SECURITY' });
    await h.slack.waitFor((s) => s.history('C0SECURITY', ADMIN).find((m) => m.ephemeralTo === ADMIN));
    const metrics = compliantMetrics();
    const failing = metrics.policies[0];
    if (failing) failing.compliant = 9;
    fake.setMetrics(metrics);
    await h.bot.runJob('scout');
    await h.bot.queue.drain();
    expect(posts('C0SECURITY')).toHaveLength(1);
    expect(JSON.stringify(posts('C0SECURITY')[0]?.blocks)).toContain(
      'fails for 3 of 12 images in production',
    );

    await h.command('scout', { user: 'U0ANYONE' });
    const answer = await h.slack.waitFor((s) =>
      s.history('C0INSIGHTS', 'U0ANYONE').find((m) => m.ephemeralTo === 'U0ANYONE'),
    );
    expect(JSON.stringify(answer.blocks)).toContain('No fixable critical or high vulnerabilities');
  });

  it('takes CI results on POST /ingest/scout with the bearer token', async () => {
    const sarif = await readFile(new URL('./fixtures/scout/acme-api-1.4.sarif', import.meta.url));
    const url = `http://127.0.0.1:${h.bot.port}/ingest/scout?image=acme/api:1.4`;
    const wrong = await fetch(url, {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
      body: sarif,
    });
    expect(wrong.status).toBe(401);
    const ok = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${INGEST_TOKEN}` },
      body: sarif,
    });
    expect(ok.status).toBe(200);
    await h.bot.queue.drain();
    expect(posts('C0SECURITY')).toHaveLength(2);
    expect(posts('C0SECURITY')[1]?.text).toMatch(/new scout alerts/);
  });
});
