import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, NOW, startHarness } from './support/bot-harness.js';
import {
  type FakeDocker,
  generateAuditLogs,
  generateMembers,
  startFakeDocker,
} from './support/fake-docker.js';

const DAY = 86_400_000;
let fake: FakeDocker;
let h: Harness;

const policyEvent = (at: Date, action: string, name: string) => ({
  account: 'globex',
  action,
  name,
  actor: 'owner-olga',
  data: { policy: name },
  timestamp: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  action_description: `settings policy ${name}`,
});

beforeAll(async () => {
  fake = await startFakeDocker({
    org: 'globex',
    credentials: [{ identifier: 'globex', secret: 'dckr_oat_globex' }],
    members: generateMembers(20, { seed: 4, now: NOW }),
    auditLogs: [
      policyEvent(
        new Date(NOW.getTime() - 2 * 3_600_000),
        'setting.policy.update',
        'Locked-down engineering',
      ),
      // Older than a week: history, not news.
      policyEvent(new Date(NOW.getTime() - 20 * DAY), 'setting.policy.create', 'Old policy'),
      ...generateAuditLogs(30, {
        seed: 4,
        org: 'globex',
        from: new Date(NOW.getTime() - 3 * DAY),
        to: NOW,
      }).filter((e) => !e.action.startsWith('setting.policy.')),
    ],
  });
  h = await startHarness({
    DOCKER_ORG: 'globex',
    DOCKER_TOKEN: 'dckr_oat_globex',
    DOCKER_HUB_URL: fake.hubUrl,
    DOCKER_API_URL: fake.apiUrl,
    INSIGHTS_ADMINS: 'U0ADMIN',
  });
  await h.bot.initialSync;
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

describe('alerts from the activity log', () => {
  it('post one informational alert per setting.policy.* event, once', async () => {
    await h.command('subscribe drift', { user: 'U0ADMIN', channel: 'C0SECURITY' });
    await h.slack.waitFor((s) => s.history('C0SECURITY', 'U0ADMIN').find((m) => m.ephemeralTo === 'U0ADMIN'));
    // The start-up sync stored the events before anyone subscribed; the next ones arrive now.
    fake.auditLogs.unshift(
      policyEvent(new Date(NOW.getTime() - 60_000), 'setting.policy.update', 'Default org policy'),
    );
    await h.bot.core.sync(NOW, ['activity-log']);
    await h.bot.queue.drain();
    const posts = () => h.slack.history('C0SECURITY').filter((m) => !m.ephemeralTo);
    expect(posts()).toHaveLength(1);
    const text = JSON.stringify(posts()[0]?.blocks);
    expect(text).toContain('owner-olga changed “Default org policy”');
    expect(text).toContain(':information_source: *Low*');
    expect(text).not.toContain('Old policy');
    expect(text).not.toContain('alert_ack'); // informational: nothing to acknowledge

    await h.bot.core.sync(new Date(NOW.getTime() + 60_000), ['activity-log']);
    await h.bot.runAlerts(new Date(NOW.getTime() + 2 * DAY));
    await h.bot.queue.drain();
    expect(posts()).toHaveLength(1);
    const rows = await h.bot.core.db.query<{ state: string }>(
      "SELECT state FROM alerts WHERE rule = 'drift.policy-change'",
    );
    expect(rows.map((r) => r.state)).toEqual(['resolved', 'resolved']);
  });

  it('sends a sensitive action (member.role.change) to an activity subscription once, grouped per sync', async () => {
    await h.command('subscribe activity severity>=medium', { user: 'U0ADMIN', channel: 'C0GENERAL' });
    await h.slack.waitFor((s) => s.history('C0GENERAL', 'U0ADMIN').find((m) => m.ephemeralTo === 'U0ADMIN'));
    const at = new Date(NOW.getTime() + 3 * 60_000);
    fake.auditLogs.unshift(
      {
        ...policyEvent(at, 'member.role.change', 'globex'),
        data: { member: 'bob', role: 'owner' },
        action_description: 'Changed the role of a member',
      },
      {
        ...policyEvent(at, 'access_token.create', 'ci-token'),
        action_description: 'Created an access token',
      },
      { ...policyEvent(at, 'team.create', 'new-team'), action_description: 'Created a team' },
    );
    await h.bot.core.sync(new Date(NOW.getTime() + 5 * 60_000), ['activity-log']);
    await h.bot.queue.drain();
    const posts = () => h.slack.history('C0GENERAL').filter((m) => !m.ephemeralTo);
    expect(posts()).toHaveLength(1);
    expect(posts()[0]?.text).toMatch(/^:rotating_light: 2 new activity alerts/);
    const text = JSON.stringify(posts()[0]?.blocks);
    expect(text).toContain('owner-olga: Changed the role of a member (globex)');
    expect(text).toContain('member=bob, role=owner');
    expect(text).not.toContain('Created a team');

    await h.bot.core.sync(new Date(NOW.getTime() + 10 * 60_000), ['activity-log']);
    await h.bot.queue.drain();
    expect(posts()).toHaveLength(1);
  });

  it('searches the stored activity log with /insights activity', async () => {
    const bad = (await (await h.command('activity acter:olga')).json()) as { text: string };
    expect(bad.text).toContain('Did you mean "actor:"?');
    await h.command('activity actor:owner-olga action:member.*', { user: 'U0ANYONE', channel: 'C0GENERAL' });
    const answer = await h.slack.waitFor((s) =>
      s
        .history('C0GENERAL', 'U0ANYONE')
        .find((m) => m.ephemeralTo === 'U0ANYONE' && m.text?.startsWith('*Activity*')),
    );
    expect(answer.text).toContain('`actor:owner-olga action:member.* since:7d` — 1 event');
    expect(answer.text).toContain('*owner-olga* · `member.role.change` — Changed the role of a member');
  });
});
