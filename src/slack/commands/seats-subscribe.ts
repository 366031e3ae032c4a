import type { WebClient } from '@slack/web-api';
import type { AlertSubscriptionOptions, SeatReportSchedule } from '../../domain/subscriptions.js';
import type { SlackDeps } from '../deps.js';
import type { SubscriptionCommand } from '../parse-subscription.js';
import { slackErrorCode } from '../upload-to-channel.js';

type SeatsSubscribe = Extract<SubscriptionCommand, { kind: 'subscribe' }> & { what: 'seats' };

/** A private channel (or a DM) may read the longest idle members' names in the report; a public one gets counts. */
async function isPrivate(client: WebClient, channel: string): Promise<boolean> {
  if (channel.startsWith('D') || channel.startsWith('G')) return true;
  try {
    const info = (await client.conversations.info({ channel })).channel;
    return Boolean(info?.is_private || info?.is_im || info?.is_mpim);
  } catch (err) {
    // A channel the bot cannot see: no names, to be safe.
    if (slackErrorCode(err) === 'channel_not_found') return false;
    throw err;
  }
}

/** `weekly on Mondays at 09:00 Europe/Berlin` */
export function describeSchedule(r: SeatReportSchedule): string {
  return `${r.cadence === 'weekly' ? 'weekly, on Mondays' : 'monthly, on the 1st'} at ${r.at} ${r.timeZone}`;
}

/**
 * `/insights subscribe seats [#channel] [weekly|monthly]`: the seat alerts, and a seat report at the
 * channel's digest time and zone (or 09:00 in INSIGHTS_TIMEZONE). The caller checked the admin.
 */
export async function subscribeSeats(
  deps: SlackDeps,
  client: WebClient,
  req: { channel: string; user: string; at: Date },
  command: SeatsSubscribe,
): Promise<string> {
  const digest = (await deps.subscriptions.list('digest')).find((s) => s.channel === req.channel);
  const report: SeatReportSchedule = {
    cadence: command.cadence ?? 'weekly',
    at: digest?.options.at ?? '09:00',
    timeZone: digest?.options.timeZone ?? deps.defaultTimeZone,
  };
  const names = await isPrivate(client, req.channel);
  const options = {
    minSeverity: command.minSeverity ?? 'low',
    threadUpdates: command.threadUpdates ?? true,
    report,
    names,
  };
  await deps.subscriptions.subscribe(
    { channel: req.channel, kind: 'seats', options, createdBy: req.user },
    req.at,
  );
  const s = deps.seats.settings;
  const alerts = s.purchased
    ? `seat alerts (“Seats nearly full” at ${s.alertPercent}% of the ${s.purchased} seats bought, “Over seats” past them)`
    : 'seat alerts once DOCKER_SEATS says how many seats were bought';
  const who = names
    ? 'with the longest idle members by name (a private channel; never emails)'
    : 'with counts only (a public channel: names stay with admins)';
  return `<#${req.channel}> will get ${alerts} and a seat report ${describeSchedule(report)}, ${who}.`;
}

/** The seats line of `/insights subscriptions` and the Home tab. */
export function seatsDetail(s: { options: AlertSubscriptionOptions }): string {
  return s.options.report
    ? `seat alerts and a ${describeSchedule(s.options.report)} seat report`
    : 'seat alerts';
}
