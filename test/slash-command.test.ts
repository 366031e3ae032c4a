import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, pngSize, startHarness } from './support/bot-harness.js';
import { demoBadgePixels } from './support/demo-badge.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.slack.reset();
});

const uploadedMessage = (channel: string) => (s: Harness['slack']) =>
  s.history(channel).find((m) => (m.files?.length ?? 0) > 0);

describe('/insights <chart> over signed HTTP requests', () => {
  it('acknowledges at once and uploads the chart PNG with its key figures into the channel', async () => {
    const res = await h.command('containers 1m');
    expect(res.status).toBe(200);

    const message = await h.slack.waitFor(uploadedMessage('C0INSIGHTS'));
    const fileRef = message.files?.[0];
    expect(fileRef?.filename).toBe('acme-containers-1m-2026-11-20.png');
    const file = h.slack.files.get(fileRef?.id ?? '');
    expect(file).toBeDefined();
    expect(pngSize(file?.bytes ?? Buffer.alloc(0))).toEqual({ width: 1200, height: 630 });

    const blocksText = JSON.stringify(message.blocks);
    expect(blocksText).toContain('Containers');
    expect(blocksText).toMatch(/Containers run/i);
    expect(blocksText).toContain('data as of 2026-11-20');
    expect(blocksText).toContain('<@U0ALICE>');
    expect(file?.title).toMatch(/Containers.*last 30 days/);

    // No Docker configured: the demo organization's figures say so in the text, the title and the image.
    expect(blocksText).toContain('*Demo data* — made-up figures of the built-in demo organization');
    expect(blocksText).toContain('`DOCKER_ORG` and `DOCKER_TOKEN`');
    // Short: the key figures are in the fields and the image, not a third time in the title.
    expect(file?.title).toBe('Demo data · Containers · acme · last 30 days');
    expect(await demoBadgePixels(file?.bytes ?? Buffer.alloc(0))).toBeGreaterThan(3000);

    // The three-step upload flow, in order.
    const methods = h.slack.calls.map((c) => c.method);
    const order = ['files.getUploadURLExternal', 'files.completeUploadExternal'].map((m) =>
      methods.indexOf(m),
    );
    expect(order[0]).toBeGreaterThanOrEqual(0);
    expect(order[1]).toBeGreaterThan(order[0] ?? Number.POSITIVE_INFINITY);
  });

  it('renders every chart for every period', async () => {
    for (const chart of ['users', 'builds', 'usage', 'images', 'extensions']) {
      h.slack.reset();
      const res = await h.command(`${chart} 1w`);
      expect(res.status).toBe(200);
      const message = await h.slack.waitFor(uploadedMessage('C0INSIGHTS'));
      expect(message.files?.[0]?.filename).toBe(`acme-${chart}-1w-2026-11-20.png`);
    }
  });

  it('rejects a bad signature with 401 and posts nothing', async () => {
    const res = await h.command('containers 1m', { secret: 'not-the-secret-at-all' });
    expect(res.status).toBe(401);
    expect(h.slack.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
    expect(h.slack.messages).toEqual([]);
  });

  it('rejects a timestamp older than 5 minutes with 401 and posts nothing', async () => {
    const res = await h.command('containers 1m', { at: new Date(Date.now() - 6 * 60 * 1000) });
    expect(res.status).toBe(401);
    expect(h.slack.messages).toEqual([]);
  });

  it('answers a typo with an ephemeral "did you mean"', async () => {
    const res = await h.command('containr');
    expect(res.status).toBe(200);
    const ack = (await res.json()) as { response_type: string; text: string };
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toContain('Did you mean `/insights containers`?');
  });

  it('answers an unknown period with the accepted ones', async () => {
    const ack = (await (await h.command('users 5y')).json()) as { response_type: string; text: string };
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toMatch(/`5y` is not a period/);
    expect(ack.text).toContain('`3m`');
  });

  it('answers an empty /insights with the help, ephemerally, with data freshness', async () => {
    const res = await h.command('');
    expect(res.status).toBe(200);
    const help = await h.slack.waitFor((s) =>
      s.history('C0INSIGHTS', 'U0ALICE').find((m) => m.ephemeralTo === 'U0ALICE'),
    );
    expect(help.text).toContain('/insights');
    expect(JSON.stringify(help.blocks)).toContain('as of *2026-11-20*');
    expect(h.slack.history('C0INSIGHTS')).toEqual([]); // nobody else sees it
  });

  it('joins a public channel it is not in, then the upload lands', async () => {
    expect(h.slack.channels.get('C0SECURITY')?.members.has(h.slack.botUserId)).toBe(false);
    await h.command('images', { channel: 'C0SECURITY' });
    const message = await h.slack.waitFor(uploadedMessage('C0SECURITY'));
    expect(message.files?.[0]?.filename).toBe('acme-images-1m-2026-11-20.png');
    expect(h.slack.calls.map((c) => c.method)).toContain('conversations.join');
  });

  it('explains ephemerally how to invite it into a private channel, and keeps running', async () => {
    await h.command('users', { channel: 'G0PRIVATE' });
    const note = await h.slack.waitFor((s) => s.history('G0PRIVATE', 'U0ALICE').find((m) => m.ephemeralTo));
    expect(note.text).toContain('/invite @Insights');
    expect(h.slack.history('G0PRIVATE')).toEqual([]);
    // Still serving.
    h.slack.reset();
    await h.command('containers');
    await h.slack.waitFor(uploadedMessage('C0INSIGHTS'));
  });

  it('answers /healthz', async () => {
    const health = await fetch(`${h.bot.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', mode: 'http' });
  });
});
