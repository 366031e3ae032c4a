import type { WebClient } from '@slack/web-api';
import {
  type AlertSubscriptionOptions,
  pausedBecause,
  type Subscription,
} from '../../domain/subscriptions.js';
import type { SlackDeps } from '../deps.js';
import type { SubscriptionCommand } from '../parse-subscription.js';
import { refuseChannel } from '../subscribe-channel.js';
import type { CommandContext } from './context.js';
import { seatsDetail, subscribeSeats } from './seats-subscribe.js';

export type Change = Exclude<SubscriptionCommand, { kind: 'invalid' }>;

const TOPIC = {
  digest: 'the daily digest',
  drift: 'settings-drift alerts',
  scout: 'Docker Scout policy and vulnerability alerts',
  activity: 'sensitive activity-log alerts',
  hub: 'Docker Hub push notifications',
  seats: 'seat alerts and the seat report',
} as const;

/** `/insights subscribe|unsubscribe digest|drift …`: admin-only, checked here on the server, audited. */
export async function changeSubscription(ctx: CommandContext, command: Change): Promise<void> {
  const text = await subscriptionChange(
    ctx.deps,
    ctx.client,
    { channel: ctx.channel, user: ctx.user },
    command,
  );
  await ctx.respond({ response_type: 'ephemeral', text });
}

/**
 * Makes the change `user` asked for (typed in `channel`, unless the command names another) and returns
 * the answer: a refusal for non-admins, else what the channel gets now. The Home tab's "Subscribe a
 * channel" modal goes through here too, so both are checked and audited the same way.
 */
export async function subscriptionChange(
  deps: SlackDeps,
  client: WebClient,
  req: { channel: string; user: string },
  command: Change,
): Promise<string> {
  const verb =
    command.kind === 'subscribe' ? `subscribe channels to ${TOPIC[command.what]}` : 'unsubscribe channels';
  if (!(await deps.admins.isAdmin(req.user, client))) return deps.admins.refusal(verb);
  const channel = command.channel ?? req.channel;
  if (command.kind === 'subscribe') {
    // Slack must know the channel and let the bot post there, or every post would fail later.
    const refusal = await refuseChannel(client, channel, deps.logger);
    if (refusal) return refusal;
  }
  const at = deps.now();
  const list = (repos: string[]) => repos.map((r) => `\`${r}\``).join(', ');
  if (command.what === 'hub' && command.repository) {
    // One repository more or less: the channel's other repositories stay.
    const repository = command.repository;
    const { before, after } = await deps.subscriptions.editRepositories(channel, req.user, at, (current) =>
      command.kind === 'subscribe' ? [...current, repository] : current.filter((r) => r !== repository),
    );
    if (command.kind === 'subscribe') return `<#${channel}> will get ${TOPIC.hub}: pushes to ${list(after)}.`;
    if (after.length === 0) {
      return before.length > 0
        ? `<#${channel}> will no longer get ${TOPIC.hub}.`
        : `<#${channel}> had no hub subscription.`;
    }
    return before.length > after.length
      ? `<#${channel}> will no longer get pushes to \`${repository}\`; still: ${list(after)}.`
      : `<#${channel}> does not follow \`${repository}\`; it gets pushes to ${list(after)}.`;
  }
  if (command.kind === 'unsubscribe') {
    const removed = await deps.subscriptions.unsubscribe(channel, command.what, req.user, at);
    return removed
      ? `<#${channel}> will no longer get ${TOPIC[command.what]}.`
      : `<#${channel}> had no ${command.what} subscription.`;
  }
  if (command.what === 'digest') {
    const options = { at: command.at ?? '09:00', timeZone: command.timeZone ?? deps.defaultTimeZone };
    await deps.subscriptions.subscribe({ channel, kind: 'digest', options, createdBy: req.user }, at);
    return `<#${channel}> will get the Insights digest once per data day, at ${options.at} ${options.timeZone} or as soon as Docker's data for the day arrives after that.`;
  }
  if (command.what === 'seats')
    return subscribeSeats(deps, client, { channel, user: req.user, at }, { ...command, what: 'seats' });
  const options = { minSeverity: command.minSeverity ?? 'low', threadUpdates: command.threadUpdates ?? true };
  await deps.subscriptions.subscribe({ channel, kind: command.what, options, createdBy: req.user }, at);
  return `<#${channel}> will get ${TOPIC[command.what]}: ${describeAlertOptions(options)}.`;
}

function describeAlertOptions(o: AlertSubscriptionOptions): string {
  if (o.repositories) return `pushes to ${o.repositories.map((r) => `\`${r}\``).join(', ')}`;
  const severity = o.minSeverity === 'low' ? 'every severity' : `severity ${o.minSeverity} and above`;
  return `${severity}, resolutions ${o.threadUpdates ? 'noted in the alert’s thread' : 'shown in place only'}`;
}

function describe(s: Subscription): string {
  const paused = s.paused ? ` — *paused*: ${pausedBecause(s.paused)}` : '';
  if (s.kind === 'digest') return `digest at ${s.options.at} ${s.options.timeZone}${paused}`;
  if (s.kind === 'hub') return `Docker Hub ${describeAlertOptions(s.options)}${paused}`;
  if (s.kind === 'seats') return `${seatsDetail(s)}${paused}`;
  return `${s.kind} alerts, ${describeAlertOptions(s.options)}${paused}`;
}

/** `/insights subscriptions`: every channel's subscriptions; anyone may list. */
export async function listSubscriptions({ deps, respond }: CommandContext): Promise<void> {
  const subs = await deps.subscriptions.list(undefined, { withPaused: true });
  const lines = subs.map((s) => `• <#${s.channel}> — ${describe(s)} (by <@${s.createdBy}>)`);
  await respond({
    response_type: 'ephemeral',
    text: subs.length
      ? `*Subscriptions*\n${lines.slice(0, 50).join('\n')}${subs.length > 50 ? `\n…and ${subs.length - 50} more` : ''}${
          subs.some((sub) => sub.paused)
            ? '\nA paused subscription gets nothing: subscribe it again once its channel is back, or unsubscribe it.'
            : ''
        }`
      : 'No channel is subscribed yet. An admin can run `/insights subscribe digest` or `/insights subscribe drift` in a channel.',
  });
}
