/**
 * The Home tab's listeners: `app_home_opened` publishes the user's view; its buttons ("Subscribe a
 * channel", "Refresh") and the subscribe modal's submission. The alert buttons shown on the tab are the
 * channel's own (actions/alert-buttons.ts), which republish the tab when pressed there.
 */
import type { App } from '@slack/bolt';
import { HOME_ACTIONS } from '../../render/home-blocks.js';
import { SUBSCRIBE_MODAL, subscribeModal } from '../../render/home-modal.js';
import { subscriptionChange } from '../commands/subscriptions.js';
import type { SlackDeps } from '../deps.js';
import { parseSubscription } from '../parse-subscription.js';
import type { HomePublisher } from './publish-home.js';

type Values = Record<
  string,
  Record<
    string,
    {
      selected_conversation?: string | null;
      selected_option?: { value?: string } | null;
      value?: string | null;
    }
  >
>;

export function registerHomeTab(app: App, deps: SlackDeps, home: HomePublisher): void {
  const log = deps.logger.child({ subsystem: 'home' });

  // Bolt acknowledges events before the listener runs; the messages tab opens the DM, not the Home tab.
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await home.publish(client, event.user, { opened: true });
  });

  app.action(HOME_ACTIONS.refresh, async ({ ack, body, client }) => {
    await ack();
    await home.publish(client, body.user.id);
  });

  app.action(HOME_ACTIONS.subscribe, async ({ ack, body, client }) => {
    await ack();
    const user = body.user.id;
    if (!(await deps.admins.isAdmin(user, client))) {
      await home.publish(client, user, { notice: deps.admins.refusal('subscribe channels') });
      return;
    }
    const trigger = 'trigger_id' in body ? body.trigger_id : undefined;
    if (!trigger) return;
    await client.views.open({ trigger_id: trigger, view: subscribeModal() });
  });

  app.view(SUBSCRIBE_MODAL.callbackId, async ({ ack, body, view, client }) => {
    const user = body.user.id;
    const values = view.state.values as Values;
    const channel =
      values[SUBSCRIBE_MODAL.channel.block]?.[SUBSCRIBE_MODAL.channel.action]?.selected_conversation;
    const what =
      values[SUBSCRIBE_MODAL.what.block]?.[SUBSCRIBE_MODAL.what.action]?.selected_option?.value ?? '';
    const options = values[SUBSCRIBE_MODAL.options.block]?.[SUBSCRIBE_MODAL.options.action]?.value ?? '';
    if (!channel) {
      await ack({
        response_action: 'errors',
        errors: { [SUBSCRIBE_MODAL.channel.block]: 'Pick a channel.' },
      });
      return;
    }
    // The same words `/insights subscribe` reads, so both accept (and refuse) the same options.
    const command = parseSubscription('subscribe', [what, ...options.split(/\s+/).filter(Boolean), channel]);
    if (command.kind === 'invalid') {
      const block = what ? SUBSCRIBE_MODAL.options.block : SUBSCRIBE_MODAL.what.block;
      await ack({ response_action: 'errors', errors: { [block]: command.message.slice(0, 300) } });
      return;
    }
    await ack();
    const notice = await subscriptionChange(deps, client, { channel, user }, command);
    log.info({ user, channel, what }, 'subscription changed from the Home tab');
    await home.publish(client, user, { notice });
  });
}
