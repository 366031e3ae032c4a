/**
 * The Home tab end to end: signed `app_home_opened` events and Home tab button presses through Bolt's
 * HTTP receiver, the real Web API client against the Slack stand-in (views.publish, files, chat.update).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../src/domain/alerts.js';
import { type Harness, NOW, startHarness } from './support/bot-harness.js';
import { buttons, openHome, pressOnHome, publishesFor, viewText } from './support/home.js';
import { until } from './support/until.js';

const ADMIN = 'U0ADMIN';
const MEMBER = 'U0MEMBER';

let h: Harness;

const finding = (user: string, severity: Finding['severity']): Finding => ({
  rule: 'drift.compliance',
  entity: `${user}@acme.com`,
  severity,
  title: `${user}@acme.com is Non-compliant`,
  facts: [
    ['User', `${user}@acme.com`],
    ['Status', 'Non-compliant'],
  ],
  advice: 'Ask them to sign in to Docker Desktop again.',
  link: 'https://app.docker.com/admin/orgs/acme/settings-reporting',
});

/** Waits until the Home refresher has run `n` waves in all (each alert change arms one). */
const waves = (n: number) =>
  until(
    `${n} home refresh waves`,
    () => h.logs.lines.filter((l) => l.includes('home refresh wave done')).length >= n,
  );

const auditTrail = () =>
  h.bot.db.query<{ actor: string; action: string; target: string }>(
    "SELECT actor, action, target FROM audit_log WHERE action LIKE 'alert.%' ORDER BY id",
  );

beforeAll(async () => {
  h = await startHarness({ INSIGHTS_ADMINS: ADMIN });
  const subs = h.bot.services.subscriptions;
  const drift = { minSeverity: 'low', threadUpdates: true } as const;
  await subs.subscribe({ channel: 'C0SECURITY', kind: 'drift', options: drift, createdBy: ADMIN }, NOW);
  const digest = { at: '09:00', timeZone: 'UTC' };
  await subs.subscribe({ channel: 'C0INSIGHTS', kind: 'digest', options: digest, createdBy: ADMIN }, NOW);
  await h.bot.services.alerts.evaluate(
    [{ rule: 'drift.compliance', findings: [finding('bob', 'medium'), finding('carol', 'high')] }],
    NOW,
  );
  // Nobody has opened the tab yet: the wave this change armed publishes nothing.
  await waves(1);
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.slack.reset();
});

describe('the Home tab', () => {
  it('publishes a home view for the user who opened it, naming the data day and the open alerts', async () => {
    const view = await openHome(h, MEMBER);
    expect(publishesFor(h, MEMBER).at(-1)?.response).toMatchObject({ ok: true, view: { type: 'home' } });
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeGreaterThan(5);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = viewText(view);
    expect(text).toContain('data as of *2026-11-20*');
    expect(text).toContain('Open alerts: 2');
    // Most severe first; emails are for admins only.
    expect(text).toMatch(/red_circle:.*large_orange_circle:/);
    expect(text).not.toContain('@acme.com');
    // No Docker configured: the view says it shows the demo organization.
    expect(text).toContain('*Demo data*');
    // Which channels get what, and the sources with the troubleshooting hints.
    expect(text).toContain('<#C0SECURITY> (every severity)');
    expect(text).toContain('<#C0INSIGHTS> (at 09:00 UTC)');
    expect(text).toContain('*Troubleshooting*');
    // A first visit starts with the onboarding; the next does not.
    expect(text).toContain('Welcome to Insights');
    const again = await openHome(h, MEMBER);
    expect(viewText(again)).not.toContain('Welcome to Insights');
    // The headline image: an uploaded PNG the view references by file id.
    const image = (again.blocks as Array<{ type: string; slack_file?: { id: string } }>).find(
      (b) => b.type === 'image',
    );
    expect(h.slack.files.get(image?.slack_file?.id ?? '')?.mimetype).toBe('image/png');
  });

  it('ignores the messages tab and refuses an event with a bad signature', async () => {
    const messages = { type: 'app_home_opened', user: MEMBER, channel: 'D0HOME', tab: 'messages' };
    expect((await h.event(messages)).status).toBe(200);
    const forged = { type: 'app_home_opened', user: MEMBER, tab: 'home' };
    expect((await h.event(forged, { secret: 'not-the-signing-secret' })).status).toBe(401);
    await openHome(h, 'U0OTHER');
    expect(publishesFor(h, MEMBER)).toEqual([]);
  });

  it('shows admins the controls, the alert buttons and the emails; members a read-only view', async () => {
    const admin = await openHome(h, ADMIN);
    const ids = buttons(admin).map((b) => b.actionId);
    expect(ids).toEqual(
      expect.arrayContaining(['home_subscribe', 'alert_ack', 'alert_silence_1d', 'alert_open']),
    );
    expect(viewText(admin)).toContain('carol@acme.com');

    const member = await openHome(h, MEMBER);
    expect(buttons(member)).toEqual([]);
    expect(viewText(member)).toContain('Read-only view');
  });

  it('refuses a forged Acknowledge from a non-admin and republishes the tab saying why', async () => {
    const carol = (await h.bot.services.alerts.open()).find((a) => a.entity === 'carol@acme.com');
    const res = await pressOnHome(h, MEMBER, 'alert_ack', { value: carol?.fingerprint ?? '' });
    expect(res.status).toBe(200);
    const refused = await h.slack.waitFor(() => h.slack.homeViews.get(MEMBER));
    expect(viewText(refused)).toContain('Only Insights admins can acknowledge alerts');
    const after = (await h.bot.services.alerts.open()).find((a) => a.entity === 'carol@acme.com');
    expect(after?.ackedBy).toBeNull();
    expect(await auditTrail()).toEqual([]);
  });

  it('lets an admin acknowledge from the tab: the channel message, the audit log and the tabs follow', async () => {
    const wavesSoFar = h.logs.lines.filter((l) => l.includes('home refresh wave done')).length;
    await h.bot.services.alerts.evaluate(
      [
        {
          rule: 'drift.compliance',
          findings: [finding('bob', 'medium'), finding('carol', 'high'), finding('dave', 'critical')],
        },
      ],
      NOW,
    );
    await h.bot.queue.drain();
    const posted = h.slack
      .history('C0SECURITY')
      .find((m) => JSON.stringify(m.blocks).includes('dave@acme.com'));
    expect(posted).toBeDefined();
    await waves(wavesSoFar + 1);

    const home = await openHome(h, ADMIN);
    const dave = buttons(home).find((b) => b.actionId === 'alert_ack' && b.value?.includes('dave'));
    expect(dave?.blockId).toBe('home-alert:0'); // critical: listed first
    const publishes = publishesFor(h, ADMIN).length;
    expect((await pressOnHome(h, ADMIN, 'alert_ack', { value: dave?.value ?? '' })).status).toBe(200);

    // No response_url on a Home tab: the tab itself is published again, showing the acknowledgement.
    await h.slack.waitFor(() => publishesFor(h, ADMIN).length > publishes);
    expect(viewText(h.slack.homeViews.get(ADMIN) ?? home)).toContain(`Acknowledged by <@${ADMIN}>`);
    expect(await auditTrail()).toEqual([{ actor: ADMIN, action: 'alert.acknowledge', target: dave?.value }]);
    // The channel's alert message is updated in place, through the delivery queue.
    await h.bot.queue.drain();
    expect(posted?.replaceCount).toBeGreaterThan(0);
    expect(JSON.stringify(posted?.blocks)).toContain(`Acknowledged by <@${ADMIN}>`);
    // The other recent visitor's tab is refreshed too (coalesced, in the background).
    const member = await h.slack.waitFor(() => {
      const v = h.slack.homeViews.get(MEMBER);
      return v && viewText(v).includes(`Acknowledged by <@${ADMIN}>`) ? v : undefined;
    });
    expect(buttons(member)).toEqual([]);
  });
});

describe('the headline image', () => {
  it('is rendered and uploaded once for twenty users opening the tab during one data day', async () => {
    // A new data day (the demo organization's data runs to yesterday): nothing cached for it yet.
    h.setNow(new Date(NOW.getTime() + 86_400_000));
    const day = '2026-11-21';
    const renders = () => h.logs.lines.filter((l) => l.includes('"home image rendered"') && l.includes(day));
    const users = Array.from({ length: 20 }, (_, i) => `U0VISITOR${String(i).padStart(2, '0')}`);
    const views = await Promise.all(users.map((u) => openHome(h, u)));
    const fileIds = new Set(
      views.map(
        (v) =>
          (v.blocks as Array<{ type: string; slack_file?: { id: string } }>).find((b) => b.type === 'image')
            ?.slack_file?.id,
      ),
    );
    expect(fileIds.size).toBe(1);
    expect([...fileIds][0]).toMatch(/^F/);
    expect(views.every((v) => viewText(v).includes(`data as of *${day}*`))).toBe(true);
    expect(renders()).toHaveLength(1);
    const uploads = h.slack.calls.filter(
      (c) => c.method === 'files.getUploadURLExternal' && String(c.args.filename).includes(day),
    );
    expect(uploads).toHaveLength(1);
    h.setNow(NOW);
  });
});
