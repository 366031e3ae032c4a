import { BodyTooLargeError, type Route, readBody, sendJson } from '../http/server.js';
import { signedHeaders, slashCommandBody } from '../slack/sign.js';
import type { SlackStandIn } from './slack-stand-in.js';

export const SANDBOX_USER = 'U0SANDBOX';
export const SANDBOX_CHANNEL = 'C0INSIGHTS';

/**
 * The sandbox's way in: a slash command typed here is signed like Slack signs it and sent to the
 * bot's own `POST /slack/events`, so it takes the real path through Bolt's receiver.
 */
export function sandboxRoutes(deps: {
  standIn: SlackStandIn;
  signingSecret: string;
  botUrl: () => string;
}): Route[] {
  return [
    {
      method: 'POST',
      path: '/sandbox/command',
      async handler(req, res) {
        let input: { text?: unknown; channel?: unknown; user?: unknown };
        try {
          const raw = (await readBody(req, 16 * 1024)).toString('utf8');
          input = req.headers['content-type']?.includes('json')
            ? (JSON.parse(raw) as typeof input)
            : Object.fromEntries(new URLSearchParams(raw));
        } catch (err) {
          sendJson(res, err instanceof BodyTooLargeError ? 413 : 400, { ok: false, error: 'invalid_body' });
          return;
        }
        const channel = typeof input.channel === 'string' ? input.channel : SANDBOX_CHANNEL;
        const user = typeof input.user === 'string' ? input.user : SANDBOX_USER;
        const text = String(input.text ?? '').replace(/^\/insights\s*/, '');
        if (!deps.standIn.channels.has(channel)) {
          sendJson(res, 404, { ok: false, error: 'channel_not_found' });
          return;
        }
        const body = slashCommandBody({
          text,
          channelId: channel,
          userId: user,
          responseUrl: deps.standIn.responseUrl(channel, user),
          channelName: deps.standIn.channels.get(channel)?.name,
        });
        const reply = await fetch(`${deps.botUrl()}/slack/events`, {
          method: 'POST',
          headers: signedHeaders(deps.signingSecret, body),
          body,
        });
        const ack = await reply.text();
        sendJson(res, reply.status === 200 ? 200 : 502, {
          ok: reply.status === 200,
          ack: ack ? safeJson(ack) : null,
        });
      },
    },
    {
      method: 'GET',
      path: '/sandbox/messages',
      handler(_req, res, url) {
        const channel = url.searchParams.get('channel') ?? SANDBOX_CHANNEL;
        sendJson(res, 200, { ok: true, messages: deps.standIn.history(channel, SANDBOX_USER) });
      },
    },
  ];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
