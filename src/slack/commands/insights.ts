import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { helpMessage } from '../../render/blocks.js';
import { statusMessage } from '../../render/status-blocks.js';
import type { SlackDeps } from '../deps.js';
import { parseInsightsCommand } from '../parse-command.js';
import { changeSilence, listAlerts, listSilences } from './alerts.js';
import { replyWithChart } from './chart.js';
import { changeSubscription, listSubscriptions } from './subscriptions.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/insights …`: acknowledge at once (Slack allows 3 s), then do the slow work. */
export function insightsCommand(deps: SlackDeps) {
  return async ({ command, ack, respond, client }: CommandArgs): Promise<void> => {
    const parsed = parseInsightsCommand(command.text ?? '');
    if (parsed.kind === 'invalid') {
      // Pure and instant: the answer rides on the acknowledgement itself.
      await ack({ response_type: 'ephemeral', text: parsed.message });
      return;
    }
    await ack();
    if (parsed.kind === 'help') {
      const asOf = await deps.source.dataAsOf(deps.now()).catch(() => null);
      await respond({
        response_type: 'ephemeral',
        ...helpMessage({
          org: deps.source.org,
          asOf,
          sourceLabel: deps.source.kind === 'demo' ? 'the built-in demo organization' : 'Docker',
        }),
      });
      return;
    }
    if (parsed.kind === 'subscriptions') {
      await listSubscriptions(deps, respond);
      return;
    }
    if (parsed.kind === 'subscribe' || parsed.kind === 'unsubscribe') {
      await changeSubscription(
        deps,
        { client, respond },
        {
          command: parsed,
          channel: command.channel_id,
          user: command.user_id,
        },
      );
      return;
    }
    if (parsed.kind === 'alerts') {
      await listAlerts(deps, respond);
      return;
    }
    if (parsed.kind === 'silences') {
      await listSilences(deps, respond);
      return;
    }
    if (parsed.kind === 'silence' || parsed.kind === 'unsilence') {
      await changeSilence(deps, { client, respond }, { ...parsed, user: command.user_id });
      return;
    }
    if (parsed.kind === 'status') {
      await respond({ response_type: 'ephemeral', ...statusMessage(await deps.statusView()) });
      return;
    }
    await replyWithChart(
      deps,
      { client, respond },
      {
        chart: parsed.chart,
        period: parsed.period,
        channel: command.channel_id,
        user: command.user_id,
      },
    );
  };
}
