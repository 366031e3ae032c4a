import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SlackDeps } from '../deps.js';
import type { SubscriptionCommand } from '../parse-subscription.js';

type Change = Exclude<SubscriptionCommand, { kind: 'invalid' }>;

/** `/insights subscribe|unsubscribe digest …`: admin-only, checked here on the server, audited. */
export async function changeSubscription(
  deps: SlackDeps,
  slack: { client: WebClient; respond: RespondFn },
  req: { command: Change; channel: string; user: string },
): Promise<void> {
  const reply = (text: string) => slack.respond({ response_type: 'ephemeral', text });
  const verb = req.command.kind === 'subscribe' ? 'subscribe channels to the digest' : 'unsubscribe channels';
  if (!(await deps.admins.isAdmin(req.user, slack.client))) {
    await reply(deps.admins.refusal(verb));
    return;
  }
  const channel = req.command.channel ?? req.channel;
  const at = deps.now();
  if (req.command.kind === 'unsubscribe') {
    const removed = await deps.subscriptions.unsubscribe(channel, 'digest', req.user, at);
    await reply(
      removed
        ? `<#${channel}> will no longer get the daily digest.`
        : `<#${channel}> had no digest subscription.`,
    );
    return;
  }
  const options = { at: req.command.at ?? '09:00', timeZone: req.command.timeZone ?? deps.defaultTimeZone };
  await deps.subscriptions.subscribe({ channel, kind: 'digest', options, createdBy: req.user }, at);
  await reply(
    `<#${channel}> will get the Insights digest once per data day, at ${options.at} ${options.timeZone} or as soon as Docker's data for the day arrives after that.`,
  );
}

/** `/insights subscriptions`: every channel's subscriptions; anyone may list. */
export async function listSubscriptions(deps: SlackDeps, respond: RespondFn): Promise<void> {
  const subs = await deps.subscriptions.list();
  const lines = subs.map(
    (s) => `• <#${s.channel}> — digest at ${s.options.at} ${s.options.timeZone} (by <@${s.createdBy}>)`,
  );
  await respond({
    response_type: 'ephemeral',
    text: subs.length
      ? `*Subscriptions*\n${lines.slice(0, 50).join('\n')}${subs.length > 50 ? `\n…and ${subs.length - 50} more` : ''}`
      : 'No channel is subscribed yet. An admin can run `/insights subscribe digest` in a channel.',
  });
}
