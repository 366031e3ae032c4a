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

describe('settings-policy changes in the activity log', () => {
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
    expect(text).toContain('*Info*');
    expect(text).not.toContain('Old policy');
    expect(text).not.toContain('alert_ack'); // informational: nothing to acknowledge

    await h.bot.core.sync(new Date(NOW.getTime() + 60_000), ['activity-log']);
    await h.bot.runAlerts(new Date(NOW.getTime() + 2 * DAY));
    await h.bot.queue.drain();
    expect(posts()).toHaveLength(1);
    const rows = await h.bot.core.db.query<{ state: string; rule: string }>('SELECT state, rule FROM alerts');
    expect(rows.every((r) => r.rule === 'drift.policy-change' && r.state === 'resolved')).toBe(true);
  });
});
