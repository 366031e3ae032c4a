import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSubscriptionsRepo } from '../src/store/subscriptions-repo.js';
import { type Harness, startHarness } from './support/bot-harness.js';
import { demoBadgePixels } from './support/demo-badge.js';
import {
  type FakeDocker,
  generateMembers,
  generateUsagePullsCsv,
  startFakeDocker,
} from './support/fake-docker.js';

const NOW = new Date('2026-11-21T08:00:00Z');
let fake: FakeDocker;
let h: Harness;

beforeAll(async () => {
  fake = await startFakeDocker({
    org: 'globex',
    credentials: [{ identifier: 'globex', secret: 'dckr_oat_globex' }],
    members: generateMembers(137, { seed: 3, now: NOW }),
    pullReports: new Map([
      ['2026-11-20', generateUsagePullsCsv('2026-11-20', 40, { seed: 3, org: 'globex' })],
    ]),
  });
  h = await startHarness({
    DOCKER_ORG: 'globex',
    DOCKER_TOKEN: 'dckr_oat_globex',
    DOCKER_HUB_URL: fake.hubUrl,
    DOCKER_API_URL: fake.apiUrl,
  });
  await h.bot.initialSync; // the bot syncs at start-up when it has no data
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});
beforeEach(() => h.slack.reset());

const upload = (s: Harness['slack']) => s.history('C0INSIGHTS').find((m) => (m.files?.length ?? 0) > 0);

describe('with Docker credentials', () => {
  it('draws the organization’s own members in /insights users', async () => {
    await h.command('users 1m');
    const message = await h.slack.waitFor(upload);
    const blocks = JSON.stringify(message.blocks);
    expect(blocks).toContain('globex');
    const members = fake.members.filter((m) => m.role !== 'Invitee').length;
    expect(members).toBeGreaterThan(100);
    expect(blocks).toContain(`*Organization members*\\n${members}`);
    expect(message.files?.[0]?.filename).toBe('globex-users-1m-2026-11-20.png');
    // The organization's own figures: no demo label anywhere.
    const file = h.slack.files.get(message.files?.[0]?.id ?? '');
    expect(blocks).not.toMatch(/demo data/i);
    expect(file?.title).toMatch(/^Docker Desktop users · /);
    expect(await demoBadgePixels(file?.bytes ?? Buffer.alloc(0))).toBe(0);
  });

  it('draws the organization’s pulls in /insights images', async () => {
    await h.command('images');
    const message = await h.slack.waitFor(upload);
    expect(JSON.stringify(message.blocks)).toMatch(/\*Pulled\*\\n[1-9]/);
  });

  it('says plainly that builds come from an import', async () => {
    await h.command('builds');
    const message = await h.slack.waitFor(upload);
    const blocks = JSON.stringify(message.blocks);
    expect(blocks).toContain('insights-bot import');
    expect(blocks).not.toContain('Build success rate');
  });

  it('sends a digest of the organization’s own figures, without the demo label', async () => {
    await createSubscriptionsRepo(h.bot.db).subscribe(
      {
        channel: 'C0INSIGHTS',
        kind: 'digest',
        options: { at: '00:00', timeZone: 'UTC' },
        createdBy: 'U0ADMIN',
      },
      NOW,
    );
    const run = await h.bot.runDigest(NOW);
    expect(run.queued).toEqual(['C0INSIGHTS']);
    await h.bot.queue.drain();
    const [post] = h.slack.history('C0INSIGHTS').filter((m) => m.files?.length);
    const file = h.slack.files.get(post?.files?.[0]?.id ?? '');
    expect(post?.files?.[0]?.filename).toBe('globex-digest-2026-11-20.png');
    expect(JSON.stringify(post?.blocks)).toContain('Docker Insights — globex');
    expect(JSON.stringify(post?.blocks)).not.toMatch(/demo data/i);
    expect(file?.title).toMatch(/^Docker Insights — globex/);
    expect(await demoBadgePixels(file?.bytes ?? Buffer.alloc(0))).toBe(0);
  });

  it('shows every source and the last error in /insights status', async () => {
    fake.failNext('/enterprise-data/v1/orgs/globex/reports', {
      status: 403,
      body: { error: 'permission denied' },
    });
    await h.bot.services.sync.run(NOW, { only: ['usage-pulls'] });
    await h.command('status');
    const status = await h.slack.waitFor((s) =>
      s.history('C0INSIGHTS', 'U0ALICE').find((m) => m.ephemeralTo),
    );
    const text = JSON.stringify(status.blocks);
    expect(text).toContain('Hub members API');
    expect(text).toContain('Activity log');
    expect(text).toContain('usage_pulls');
    expect(text).toContain('Import: Settings compliance report');
    expect(text).toMatch(/last error[^"]*permission|403|report/i);
    // Times as the alerts write them: day, month, year, time and zone.
    expect(text).toMatch(/last error \d{1,2} [A-Z][a-z]{2} 20\d\d, \d\d:\d\d UTC: /);
    expect(text).toContain('4.16 or older');
  });
});
