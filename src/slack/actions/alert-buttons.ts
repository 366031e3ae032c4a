import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { describeDuration } from '../../domain/alerts.js';
import { ALERT_ACTIONS, formatWhen } from '../../render/alert-blocks.js';
import type { SlackDeps } from '../deps.js';
import type { HomePublisher } from '../home/publish-home.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const ACK_ANSWER = {
  already: 'Someone already acknowledged this alert.',
  resolved: 'This alert has resolved meanwhile: nothing to acknowledge.',
  unknown: 'I no longer know this alert.',
} as const;

/** Pressed on the Home tab (a view), not on a channel message: there is no response_url there. */
const fromHome = (args: ButtonArgs) =>
  (args.body.container as { type?: string } | undefined)?.type === 'view' || !args.body.response_url;

/**
 * The buttons on alert messages, and the same buttons on the Home tab. Admin-only, checked here on the
 * server: anyone else gets an answer and nothing changes. The message itself is updated through the
 * delivery queue, for everyone, wherever it was posted. In a channel the answer is ephemeral; on the Home
 * tab the tab is published again, with the answer at its top.
 */
export function registerAlertButtons(app: App, deps: SlackDeps, home: HomePublisher): void {
  const guarded =
    (what: string, run: (args: ButtonArgs, fingerprint: string) => Promise<string | undefined>) =>
    async (args: ButtonArgs): Promise<void> => {
      await args.ack();
      const user = args.body.user.id;
      const say = async (text: string | undefined) => {
        if (fromHome(args)) await home.publish(args.client, user, text ? { notice: text } : {});
        else if (text) await args.respond({ response_type: 'ephemeral', replace_original: false, text });
      };
      if (!(await deps.admins.isAdmin(user, args.client))) {
        deps.logger.warn({ user, action: args.action.action_id }, 'alert button refused: not an admin');
        await say(deps.admins.refusal(what));
        return;
      }
      await say(await run(args, args.action.value ?? ''));
    };

  app.action(
    ALERT_ACTIONS.ack,
    guarded('acknowledge alerts', async (args, fingerprint) => {
      const outcome = await deps.alerts.acknowledge(fingerprint, args.body.user.id, deps.now());
      return outcome === 'acknowledged' ? undefined : ACK_ANSWER[outcome];
    }),
  );
  for (const [actionId, ms] of Object.entries(ALERT_ACTIONS.silence)) {
    app.action(
      actionId,
      guarded('silence alerts', async (args, fingerprint) => {
        const { id, until } = await deps.alerts.silence(fingerprint, ms, args.body.user.id, deps.now());
        return `Silenced for ${describeDuration(ms)}, until ${formatWhen(until)}. \`/insights unsilence ${id}\` ends it early.`;
      }),
    );
  }
  // A link button still sends an action: acknowledge it so Slack shows no warning.
  app.action(ALERT_ACTIONS.open, async ({ ack }) => {
    await ack();
  });
}
