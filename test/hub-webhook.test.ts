import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/bot-harness.js';

/** The payload of docker-apis.md §8. */
const HUB_PUSH: unknown = JSON.parse(
  readFileSync(new URL('./fixtures/docker/hub-push.json', import.meta.url), 'utf8'),
);
const SECRET = 'hub-webhook-secret-4f1c9a7e2b';
const ADMIN = 'U0ADMIN';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ HUB_WEBHOOK_SECRET: SECRET, INSIGHTS_ADMINS: ADMIN });
});
afterAll(async () => {
  await h?.close();
});

const post = (secret: string, body: unknown) =>
  fetch(`http://127.0.0.1:${h.bot.port}/webhooks/hub/${secret}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const pushes = (channel: string) => h.slack.history(channel).filter((m) => !m.ephemeralTo);

describe('Docker Hub push webhooks', () => {
  it('posts a push to a subscribed channel once, and nothing for the wrong secret or a bad body', async () => {
    const bad = (await (await h.command('subscribe hub acme/api!', { user: ADMIN })).json()) as {
      text: string;
    };
    expect(bad.text).toContain('is not a Docker Hub repository');
    await h.command('subscribe hub svendowideit/testhook', { user: ADMIN, channel: 'C0INSIGHTS' });
    // Two repositories for one channel at once: neither change is lost.
    await Promise.all([
      h.command('subscribe hub svendowideit/*', { user: ADMIN, channel: 'C0GENERAL' }),
      h.command('subscribe hub other/repo', { user: ADMIN, channel: 'C0GENERAL' }),
    ]);
    // Each command answers after its subscription is stored: wait for all three answers.
    const answered = (channel: string, repo: RegExp) =>
      h.slack.waitFor((s) =>
        s.history(channel, ADMIN).find((m) => m.ephemeralTo === ADMIN && repo.test(m.text ?? '')),
      );
    await answered('C0INSIGHTS', /svendowideit\/testhook/);
    await answered('C0GENERAL', /svendowideit\/\*/);
    await answered('C0GENERAL', /other\/repo/);

    expect((await post(SECRET, HUB_PUSH)).status).toBe(200);
    expect((await post(SECRET, HUB_PUSH)).status).toBe(200); // Hub retried
    await h.bot.queue.drain();
    expect(pushes('C0INSIGHTS')).toHaveLength(1);
    expect(pushes('C0GENERAL')).toHaveLength(1);
    const [message] = pushes('C0INSIGHTS');
    expect(message?.text).toBe('svendowideit/testhook:latest pushed by trustedbuilder');
    expect(JSON.stringify(message?.blocks)).toContain('3 Dec 2014, 00:22 UTC · private repository');

    const wrong = await post('not-the-secret', HUB_PUSH);
    expect(wrong.status).toBe(404);
    const truncated = await post(SECRET, JSON.stringify(HUB_PUSH).slice(0, 80));
    expect(truncated.status).toBe(400);
    expect(((await truncated.json()) as { error: string }).error).toBe('body is not JSON');
    const invalid = await post(SECRET, { push_data: { pusher: 'x' } });
    expect(invalid.status).toBe(400);
    await h.bot.queue.drain();
    expect(pushes('C0INSIGHTS')).toHaveLength(1);
    expect(h.logs.lines.join('\n')).not.toContain(SECRET);
    expect(h.logs.lines.join('\n')).toContain('Docker Hub webhook call with an unknown secret');

    await h.command('subscriptions', { user: 'U0ANYONE' });
    const list = await h.slack.waitFor((s) => s.history('C0INSIGHTS', 'U0ANYONE').find((m) => m.ephemeralTo));
    expect(list.text).toMatch(
      /<#C0GENERAL> — Docker Hub pushes to (`svendowideit\/\*`, `other\/repo`|`other\/repo`, `svendowideit\/\*`)/,
    );

    const answer = async (text: string) => {
      const before = h.slack.history('C0GENERAL', ADMIN).filter((m) => m.ephemeralTo === ADMIN).length;
      await h.command(text, { user: ADMIN, channel: 'C0GENERAL' });
      return (
        await h.slack.waitFor(
          (s) => s.history('C0GENERAL', ADMIN).filter((m) => m.ephemeralTo === ADMIN)[before],
        )
      ).text;
    };
    expect(await answer('unsubscribe hub acme/unknown')).toMatch(
      /does not follow `acme\/unknown`; it gets pushes to/,
    );
    expect(await answer('unsubscribe hub other/repo')).toBe(
      '<#C0GENERAL> will no longer get pushes to `other/repo`; still: `svendowideit/*`.',
    );
    expect(await answer('unsubscribe hub svendowideit/*')).toBe(
      '<#C0GENERAL> will no longer get Docker Hub push notifications.',
    );
  });

  it('escapes a mention in the tag and the pusher, in the fallback text as in the blocks', async () => {
    await h.command('subscribe hub mention/test', { user: ADMIN, channel: 'C0INSIGHTS' });
    await h.slack.waitFor((s) =>
      s.history('C0INSIGHTS', ADMIN).find((m) => m.ephemeralTo && /mention\/test/.test(m.text ?? '')),
    );
    const push = structuredClone(HUB_PUSH) as {
      push_data: Record<string, unknown>;
      repository: Record<string, unknown>;
    };
    push.push_data.tag = '<!channel>';
    push.push_data.pusher = '<@U0BOSS> & <https://evil.example|click>';
    push.repository.repo_name = 'mention/test';
    expect((await post(SECRET, push)).status).toBe(200);
    await h.bot.queue.drain();
    const message = pushes('C0INSIGHTS').find((m) => m.text?.startsWith('mention/test'));
    expect(message?.text).toBe(
      'mention/test:&lt;!channel&gt; pushed by &lt;@U0BOSS&gt; &amp; &lt;https://evil.example|click&gt;',
    );
    const blocks = JSON.stringify(message?.blocks);
    expect(blocks).toContain('&lt;!channel&gt;');
    expect(`${message?.text}${blocks}`).not.toMatch(/<!channel>|<@U0BOSS>|<https:\/\/evil/);
  });
});
