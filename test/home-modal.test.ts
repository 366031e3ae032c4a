/**
 * The Home tab's admin controls: "Subscribe a channel" opens a modal (views.open with the press's
 * trigger_id) whose submission subscribes the channel through the same change as `/insights subscribe`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/bot-harness.js';
import { openHome, pressOnHome, publishesFor, submitModal, viewText } from './support/home.js';

const ADMIN = 'U0ADMIN';
const MEMBER = 'U0MEMBER';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ INSIGHTS_ADMINS: ADMIN });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.slack.reset();
});

const values = (channel: string, what: string, options = '') => ({
  subscribe_channel: { channel: { type: 'conversations_select', selected_conversation: channel } },
  subscribe_what: { what: { type: 'static_select', selected_option: { value: what } } },
  subscribe_options: { options: { type: 'plain_text_input', value: options || null } },
});

async function openModal(user: string) {
  await openHome(h, user);
  expect((await pressOnHome(h, user, 'home_subscribe')).status).toBe(200);
  return h.slack.waitFor(() => h.slack.modals.find((m) => m.user === user && !m.closed));
}

describe('subscribing a channel from the Home tab', () => {
  it('opens the modal with a channel picker and subscribes the chosen channel, audited', async () => {
    const modal = await openModal(ADMIN);
    expect(modal.callbackId).toBe('home_subscribe_modal');
    expect(JSON.stringify(modal.blocks)).toContain('"type":"conversations_select"');
    const publishes = publishesFor(h, ADMIN).length;

    const res = await submitModal(h, ADMIN, modal, values('C0GENERAL', 'drift', 'severity>=high'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(''); // accepted: Slack closes the modal

    await h.slack.waitFor(() => publishesFor(h, ADMIN).length > publishes);
    const home = h.slack.homeViews.get(ADMIN);
    expect(viewText(home ?? modal)).toContain(
      '<#C0GENERAL> will get settings-drift alerts: severity high and above',
    );
    expect(viewText(home ?? modal)).toContain('<#C0GENERAL> (severity high and above)');
    const subs = await h.bot.services.subscriptions.list('drift');
    expect(subs).toMatchObject([
      { channel: 'C0GENERAL', createdBy: ADMIN, options: { minSeverity: 'high' } },
    ]);
    const audit = await h.bot.db.query<{ actor: string; action: string; target: string }>(
      "SELECT actor, action, target FROM audit_log WHERE action LIKE 'subscribe.%'",
    );
    expect(audit).toEqual([{ actor: ADMIN, action: 'subscribe.drift', target: 'C0GENERAL' }]);
  });

  it('answers bad options in the modal itself, as /insights subscribe words them', async () => {
    const modal = await openModal(ADMIN);
    const res = await submitModal(h, ADMIN, modal, values('C0GENERAL', 'hub'));
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(answer.response_action).toBe('errors');
    expect(answer.errors.subscribe_options).toContain("Which repository's pushes?");
    expect(await h.bot.services.subscriptions.list('hub')).toEqual([]);
  });

  it('publishes the tab again on Refresh', async () => {
    await openHome(h, ADMIN);
    const publishes = publishesFor(h, ADMIN).length;
    expect((await pressOnHome(h, ADMIN, 'home_refresh')).status).toBe(200);
    await h.slack.waitFor(() => publishesFor(h, ADMIN).length > publishes);
    expect(viewText(h.slack.homeViews.get(ADMIN) ?? ({ blocks: [] } as never))).toContain(
      'Docker Insights — acme',
    );
  });

  it('opens no modal for a non-admin and refuses a forged submission', async () => {
    await openHome(h, MEMBER);
    const publishes = publishesFor(h, MEMBER).length;
    expect((await pressOnHome(h, MEMBER, 'home_subscribe', { blockId: 'home:controls' })).status).toBe(200);
    await h.slack.waitFor(() => publishesFor(h, MEMBER).length > publishes);
    expect(viewText(h.slack.homeViews.get(MEMBER) ?? ({ blocks: [] } as never))).toContain(
      'Only Insights admins can subscribe channels',
    );
    expect(h.slack.calls.filter((c) => c.method === 'views.open')).toEqual([]);

    const forged = {
      id: 'V0FORGED',
      type: 'modal' as const,
      user: MEMBER,
      blocks: [],
      hash: '',
      callbackId: 'home_subscribe_modal',
    };
    const res = await submitModal(h, MEMBER, forged, values('C0SECURITY', 'activity'));
    expect(res.status).toBe(200);
    await h.slack.waitFor(() => publishesFor(h, MEMBER).length > publishes + 1);
    expect(viewText(h.slack.homeViews.get(MEMBER) ?? forged)).toContain('Only Insights admins can subscribe');
    expect(await h.bot.services.subscriptions.list('activity')).toEqual([]);
  });
});
