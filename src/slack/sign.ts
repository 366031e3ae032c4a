import { createHmac } from 'node:crypto';

/** Slack's request signature (v0): HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret. */
export function slackSignature(signingSecret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/** Headers Slack sends with a slash command or interaction; the content type must match exactly. */
export function signedHeaders(
  signingSecret: string,
  rawBody: string,
  now = new Date(),
): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(signingSecret, timestamp, rawBody),
  };
}

/** Headers of an Events API delivery: the same signature over a JSON body. */
export function signedJsonHeaders(
  signingSecret: string,
  rawBody: string,
  now = new Date(),
): Record<string, string> {
  return { ...signedHeaders(signingSecret, rawBody, now), 'content-type': 'application/json' };
}

/** The JSON body of an Events API `event_callback` (send it with `signedJsonHeaders`). */
export function eventCallbackBody(fields: {
  event: Record<string, unknown> & { type: string };
  teamId?: string;
  botUserId?: string;
  eventId?: string;
  at?: Date;
}): string {
  const teamId = fields.teamId ?? 'T0TEAM';
  const at = fields.at ?? new Date();
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: teamId,
    api_app_id: 'A0INSIGHTS',
    event: { event_ts: (at.getTime() / 1000).toFixed(6), ...fields.event },
    type: 'event_callback',
    event_id:
      fields.eventId ??
      `Ev${at.getTime().toString(36).toUpperCase()}${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
    event_time: Math.floor(at.getTime() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: fields.botUserId ?? 'U0BOT',
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  });
}

/** An `app_home_opened` event for the Home tab of `userId`. */
export function appHomeOpenedEvent(userId: string, tab: 'home' | 'messages' = 'home') {
  return { type: 'app_home_opened', user: userId, channel: 'D0HOME', tab };
}

/** The form body of a slash command as Slack sends it. */
export function slashCommandBody(fields: {
  text: string;
  channelId: string;
  userId: string;
  responseUrl: string;
  teamId?: string;
  command?: string;
  channelName?: string;
}): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: fields.teamId ?? 'T0TEAM',
    team_domain: 'sandbox',
    channel_id: fields.channelId,
    channel_name: fields.channelName ?? fields.channelId,
    user_id: fields.userId,
    user_name: fields.userId.toLowerCase(),
    command: fields.command ?? '/insights',
    text: fields.text,
    api_app_id: 'A0INSIGHTS',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: `${Date.now()}.trigger`,
  }).toString();
}

/** The form body of a `block_actions` interaction (a button pressed in a message), as Slack sends it. */
export function blockActionsBody(fields: {
  userId: string;
  channelId: string;
  messageTs: string;
  actionId: string;
  blockId: string;
  value?: string;
  responseUrl: string;
  message?: unknown;
  teamId?: string;
}): string {
  const teamId = fields.teamId ?? 'T0TEAM';
  const payload = {
    type: 'block_actions',
    user: {
      id: fields.userId,
      username: fields.userId.toLowerCase(),
      name: fields.userId.toLowerCase(),
      team_id: teamId,
    },
    api_app_id: 'A0INSIGHTS',
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: fields.messageTs,
      channel_id: fields.channelId,
      is_ephemeral: false,
    },
    trigger_id: `${Date.now()}.trigger`,
    team: { id: teamId, domain: 'sandbox' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: fields.channelId, name: fields.channelId },
    message: fields.message ?? { type: 'message', ts: fields.messageTs },
    response_url: fields.responseUrl,
    actions: [buttonAction(fields)],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** The `actions` entry of a pressed button, in `block_actions` payloads from messages and views. */
export function buttonAction(fields: { actionId: string; blockId: string; value?: string }) {
  return {
    type: 'button',
    action_id: fields.actionId,
    block_id: fields.blockId,
    text: { type: 'plain_text', text: fields.actionId },
    ...(fields.value !== undefined ? { value: fields.value } : {}),
    action_ts: `${(Date.now() / 1000).toFixed(6)}`,
  };
}
