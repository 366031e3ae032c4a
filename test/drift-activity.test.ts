import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SENSITIVE_ACTIONS } from '../src/domain/activity-rules.js';
import { type Harness, NOW, startHarness } from './support/bot-harness.js';
import {
  type FakeAuditLog,
  type FakeDocker,
  generateAuditLogs,
  generateMembers,
  SPEC_AUDIT_LOG_EXAMPLE,
  startFakeDocker,
} from './support/fake-docker.js';

const DAY = 86_400_000;
let fake: FakeDocker;
let h: Harness;

/** An event as Docker sends it: `<group>.<name>` actions (docker-apis.md §3.2), whole-second timestamps. */
const event = (at: Date, action: string, name: string, extra: Partial<FakeAuditLog> = {}): FakeAuditLog => ({
  account: 'globex',
  action,
  name,
  actor: 'owner-olga',
  data: { policy: name },
  timestamp: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  action_description: `settings policy ${name}`,
  ...extra,
});

const posts = (channel: string) => h.slack.history(channel).filter((m) => !m.ephemeralTo);

beforeAll(async () => {
  fake = await startFakeDocker({
    org: 'globex',
    credentials: [{ identifier: 'globex', secret: 'dckr_oat_globex' }],
    members: generateMembers(20, { seed: 4, now: NOW }),
    auditLogs: [
      event(
        new Date(NOW.getTime() - 2 * 3_600_000),
        'enterprise.setting.policy.update',
        'Locked-down engineering',
      ),
      // Older than a week: history, not news.
      event(new Date(NOW.getTime() - 20 * DAY), 'enterprise.setting.policy.create', 'Old policy'),
      ...generateAuditLogs(30, {
        seed: 4,
        org: 'globex',
        from: new Date(NOW.getTime() - 3 * DAY),
        to: NOW,
      }).filter((e) => !e.action.startsWith('enterprise.setting.policy.')),
    ],
  });
  h = await startHarness({
    DOCKER_ORG: 'globex',
    DOCKER_TOKEN: 'dckr_oat_globex',
    DOCKER_HUB_URL: fake.hubUrl,
    DOCKER_API_URL: fake.apiUrl,
    INSIGHTS_ADMINS: 'U0ADMIN',
    // The defaults, one entry without its group (`tag.push` = `repo.tag.push`) and one typo.
    SENSITIVE_ACTIONS: [...DEFAULT_SENSITIVE_ACTIONS, 'tag.push', 'member.rolechange'].join(','),
  });
  await h.bot.initialSync;
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

describe('alerts from the activity log, on Docker’s own action names', () => {
  it('post one informational drift alert per enterprise.setting.policy.* event, once', async () => {
    await h.command('subscribe drift', { user: 'U0ADMIN', channel: 'C0SECURITY' });
    await h.slack.waitFor((s) => s.history('C0SECURITY', 'U0ADMIN').find((m) => m.ephemeralTo === 'U0ADMIN'));
    // The start-up sync stored the events before anyone subscribed; the next ones arrive now.
    fake.auditLogs.unshift(
      event(new Date(NOW.getTime() - 60_000), 'enterprise.setting.policy.update', 'Default org policy'),
    );
    await h.bot.services.sync.run(NOW, { only: ['activity-log'] });
    await h.bot.queue.drain();
    expect(posts('C0SECURITY')).toHaveLength(1);
    const text = JSON.stringify(posts('C0SECURITY')[0]?.blocks);
    expect(text).toContain('owner-olga changed “Default org policy”');
    expect(text).toContain(':information_source: *Low*');
    expect(text).not.toContain('Old policy');
    expect(text).not.toContain('alert_ack'); // informational: nothing to acknowledge

    await h.bot.services.sync.run(new Date(NOW.getTime() + 60_000), { only: ['activity-log'] });
    await h.bot.runAlerts(new Date(NOW.getTime() + 2 * DAY));
    await h.bot.queue.drain();
    expect(posts('C0SECURITY')).toHaveLength(1);
    const rows = await h.bot.db.query<{ state: string }>(
      "SELECT state FROM alerts WHERE rule = 'drift.policy-change'",
    );
    expect(rows.map((r) => r.state)).toEqual(['resolved', 'resolved']);
  });

  it('opens one activity alert per sensitive event, with Docker’s label, grouped per sync, once', async () => {
    await h.command('subscribe activity', { user: 'U0ADMIN', channel: 'C0GENERAL' });
    await h.slack.waitFor((s) => s.history('C0GENERAL', 'U0ADMIN').find((m) => m.ephemeralTo === 'U0ADMIN'));
    const at = new Date(NOW.getTime() + 3 * 60_000);
    const stamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
    fake.auditLogs.unshift(
      // The spec's example event, as the spec shows it, at a recent time.
      { ...SPEC_AUDIT_LOG_EXAMPLE, account: 'globex', timestamp: stamp },
      event(at, 'org.member.role.change', 'globex', {
        data: { member: 'bob', role: 'owner' },
        action_description: 'Changed the role of a member',
      }),
      event(at, 'enterprise.sso.connection.update', 'globex', {
        data: { connection: 'okta' },
        action_description: 'updated the SSO connection okta',
      }),
      event(at, 'enterprise.setting.policy.update', 'Contractors', {
        action_description: 'changed a policy',
      }),
      event(at, 'org.team.create', 'new-team', { action_description: 'Created a team' }),
    );
    await h.bot.services.sync.run(new Date(NOW.getTime() + 5 * 60_000), { only: ['activity-log'] });
    await h.bot.queue.drain();
    expect(posts('C0GENERAL')).toHaveLength(1);
    expect(posts('C0GENERAL')[0]?.text).toMatch(/^:rotating_light: 4 new activity alerts/);
    const text = JSON.stringify(posts('C0GENERAL')[0]?.blocks);
    expect(text).toContain('Member Role Changed — owner-olga: Changed the role of a member (globex)');
    expect(text).toContain('member=bob, role=owner');
    expect(text).toContain('Update SSO Connection — owner-olga: updated the SSO connection okta (globex)');
    expect(text).toContain('Policy updated — owner-olga: changed a policy (Contractors)');
    expect(text).toContain('Tag Pushed — docker: pushed the tag latest with the digest sha256:c1ae9c435032a');
    expect(text).not.toContain('Created a team');
    // The policy change is also a drift alert for the security channel.
    expect(posts('C0SECURITY')).toHaveLength(2);
    expect(JSON.stringify(posts('C0SECURITY')[1]?.blocks)).toContain('owner-olga changed “Contractors”');

    await h.bot.services.sync.run(new Date(NOW.getTime() + 10 * 60_000), { only: ['activity-log'] });
    await h.bot.queue.drain();
    expect(posts('C0GENERAL')).toHaveLength(1);
    expect(posts('C0SECURITY')).toHaveLength(2);
  });

  it('searches the stored activity log with /insights activity, with or without Docker’s group', async () => {
    const bad = (await (await h.command('activity acter:olga')).json()) as { text: string };
    expect(bad.text).toContain('Did you mean "actor:"?');
    const search = async (filter: string) => {
      await h.command(`activity ${filter}`, { user: 'U0ANYONE', channel: 'C0GENERAL' });
      const answer = await h.slack.waitFor((s) =>
        s
          .history('C0GENERAL', 'U0ANYONE')
          .find((m) => m.ephemeralTo === 'U0ANYONE' && m.text?.startsWith(`*Activity* \`${filter}`)),
      );
      return answer.text ?? '';
    };
    const sso = await search('actor:owner-olga action:sso.*');
    expect(sso).toContain('`actor:owner-olga action:sso.* since:7d` — 1 event');
    expect(sso).toContain(
      '*owner-olga* · `enterprise.sso.connection.update` — updated the SSO connection okta',
    );
    const roles = await search('action:member.role.change');
    expect(roles).toContain('`org.member.role.change` — Changed the role of a member');
  });

  it('names a SENSITIVE_ACTIONS entry that matches nothing in Docker’s catalog, at start and in /insights status', async () => {
    const warning = h.logs.lines.find((l) => l.includes('SENSITIVE_ACTIONS: these entries match no action'));
    expect(JSON.parse(warning ?? '{}').entries).toEqual(['member.rolechange']);
    await h.command('status', { user: 'U0ANYONE', channel: 'C0GENERAL' });
    const status = await h.slack.waitFor((s) =>
      s
        .history('C0GENERAL', 'U0ANYONE')
        .find((m) => m.ephemeralTo === 'U0ANYONE' && m.text?.startsWith('Insights sources')),
    );
    const text = JSON.stringify(status.blocks);
    expect(text).toContain('SENSITIVE_ACTIONS: `member.rolechange` matches no action');
    expect(text).not.toContain('`tag.push`');
    expect(fake.requests.filter((r) => r.path === '/v2/auditlogs/globex/actions')).toHaveLength(1);
  });
});
