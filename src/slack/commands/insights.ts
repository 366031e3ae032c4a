import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { scoutSummary } from '../../jobs/scout.js';
import { helpMessage } from '../../render/blocks.js';
import { scoutMessage } from '../../render/scout-blocks.js';
import { statusMessage } from '../../render/status-blocks.js';
import type { SlackDeps } from '../deps.js';
import { parseInsightsCommand } from '../parse-command.js';
import { changeSilence, listAlerts, listSilences, searchActivity } from './alerts.js';
import { replyWithChart } from './chart.js';
import { replyWithCompliance } from './compliance.js';
import { replyWithExport } from './export.js';
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
    if (parsed.kind === 'scout') {
      const summary = await scoutSummary(deps.db, deps.alerts.org);
      await respond({
        response_type: 'ephemeral',
        ...scoutMessage(summary, { configured: deps.scoutConfigured }),
      });
      return;
    }
    if (parsed.kind === 'compliance') {
      await replyWithCompliance(deps, { client, respond }, { user: command.user_id });
      return;
    }
    if (parsed.kind === 'export') {
      await replyWithExport(
        deps,
        { client, respond },
        { args: parsed.args, channel: command.channel_id, user: command.user_id },
      );
      return;
    }
    if (parsed.kind === 'activity') {
      await searchActivity(deps, respond, parsed.filter);
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
