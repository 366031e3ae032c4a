import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Subscription } from '../../store/subscriptions-repo.js';
import type { SlackDeps } from '../deps.js';
import type { SubscriptionCommand } from '../parse-subscription.js';

type Change = Exclude<SubscriptionCommand, { kind: 'invalid' }>;

const TOPIC = { digest: 'the daily digest', drift: 'settings-drift alerts' } as const;

/** `/insights subscribe|unsubscribe digest|drift …`: admin-only, checked here on the server, audited. */
export async function changeSubscription(
  deps: SlackDeps,
  slack: { client: WebClient; respond: RespondFn },
  req: { command: Change; channel: string; user: string },
): Promise<void> {
  const { command } = req;
  const reply = (text: string) => slack.respond({ response_type: 'ephemeral', text });
  const verb =
    command.kind === 'subscribe' ? `subscribe channels to ${TOPIC[command.what]}` : 'unsubscribe channels';
  if (!(await deps.admins.isAdmin(req.user, slack.client))) {
    await reply(deps.admins.refusal(verb));
    return;
  }
  const channel = command.channel ?? req.channel;
  const at = deps.now();
  if (command.kind === 'unsubscribe') {
    const removed = await deps.subscriptions.unsubscribe(channel, command.what, req.user, at);
    await reply(
      removed
        ? `<#${channel}> will no longer get ${TOPIC[command.what]}.`
        : `<#${channel}> had no ${command.what} subscription.`,
    );
    return;
  }
  if (command.what === 'digest') {
    const options = { at: command.at ?? '09:00', timeZone: command.timeZone ?? deps.defaultTimeZone };
    await deps.subscriptions.subscribe({ channel, kind: 'digest', options, createdBy: req.user }, at);
    await reply(
      `<#${channel}> will get the Insights digest once per data day, at ${options.at} ${options.timeZone} or as soon as Docker's data for the day arrives after that.`,
    );
    return;
  }
  const options = { minSeverity: command.minSeverity ?? 'low', threadUpdates: command.threadUpdates ?? true };
  await deps.subscriptions.subscribe({ channel, kind: command.what, options, createdBy: req.user }, at);
  await reply(`<#${channel}> will get ${TOPIC[command.what]}: ${describeAlertOptions(options)}.`);
}

function describeAlertOptions(o: { minSeverity: string; threadUpdates: boolean }): string {
  const severity = o.minSeverity === 'low' ? 'every severity' : `severity ${o.minSeverity} and above`;
  return `${severity}, resolutions ${o.threadUpdates ? 'noted in the alert’s thread' : 'shown in place only'}`;
}

function describe(s: Subscription): string {
  if (s.kind === 'digest') return `digest at ${s.options.at} ${s.options.timeZone}`;
  return `${s.kind} alerts, ${describeAlertOptions(s.options)}`;
}

/** `/insights subscriptions`: every channel's subscriptions; anyone may list. */
export async function listSubscriptions(deps: SlackDeps, respond: RespondFn): Promise<void> {
  const subs = await deps.subscriptions.list();
  const lines = subs.map((s) => `• <#${s.channel}> — ${describe(s)} (by <@${s.createdBy}>)`);
  await respond({
    response_type: 'ephemeral',
    text: subs.length
      ? `*Subscriptions*\n${lines.slice(0, 50).join('\n')}${subs.length > 50 ? `\n…and ${subs.length - 50} more` : ''}`
      : 'No channel is subscribed yet. An admin can run `/insights subscribe digest` or `/insights subscribe drift` in a channel.',
  });
}
