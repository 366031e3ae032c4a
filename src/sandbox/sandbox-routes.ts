import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, type Route, readBody, sendJson } from '../http/server.js';
import { blockActionsBody, signedHeaders, slashCommandBody } from '../slack/sign.js';
import type { SandboxControls } from './controls.js';
import { guardRoutes } from './guard.js';
import { homeRoutes } from './home-routes.js';
import { pageRoutes } from './page/page-routes.js';
import { canSee, joinChannels, SLACKBOT_USER } from './page/page-state.js';
import type { SlackStandIn, StandInMessage } from './slack-stand-in.js';

export const SANDBOX_USER = 'U0SANDBOX';
export const SANDBOX_CHANNEL = 'C0INSIGHTS';

const BODY_LIMIT = 16 * 1024;
/** Slack's limit for a message's text. */
const TEXT_MAX = 4000;

/** The page's control buttons: `POST /sandbox/controls/<name>`. */
const CONTROLS: Record<string, keyof SandboxControls> = {
  'run-digest': 'runDigest',
  'advance-data-day': 'advanceDataDay',
  'import-sample-compliance': 'importSampleCompliance',
};

type Input = Record<string, unknown>;

/** The request's fields (a JSON object, or a form); undefined after answering 400 or 413 for anything else. */
async function readInput(req: IncomingMessage, res: ServerResponse): Promise<Input | undefined> {
  try {
    const raw = (await readBody(req, BODY_LIMIT)).toString('utf8');
    if (!req.headers['content-type']?.includes('json')) return Object.fromEntries(new URLSearchParams(raw));
    const parsed: unknown = raw.trim() === '' ? {} : JSON.parse(raw);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Input;
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      sendJson(res, 413, { ok: false, error: 'invalid_body' });
      return undefined;
    }
  }
  sendJson(res, 400, { ok: false, error: 'invalid_body' });
  return undefined;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Slack escapes these three in what people type. */
const slackEscape = (raw: string) => raw.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface ActionElement {
  action_id?: unknown;
  value?: unknown;
}

/** The button `actionId` in the message's block `blockId` (or in any block when no block id is given). */
function findButton(
  message: StandInMessage,
  actionId: string,
  blockId: string | undefined,
): { blockId: string; value?: string } | undefined {
  for (const raw of message.blocks ?? []) {
    if (typeof raw !== 'object' || raw === null) continue;
    const block = raw as { block_id?: unknown; elements?: unknown; accessory?: unknown };
    const id = typeof block.block_id === 'string' ? block.block_id : '';
    if (blockId && id !== blockId) continue;
    const elements = [...(Array.isArray(block.elements) ? block.elements : []), block.accessory];
    const element = elements.find(
      (e): e is ActionElement =>
        typeof e === 'object' && e !== null && (e as ActionElement).action_id === actionId,
    );
    if (element)
      return typeof element.value === 'string' ? { blockId: id, value: element.value } : { blockId: id };
  }
  return undefined;
}

/**
 * The sandbox's way in: a slash command typed on the page is signed like Slack signs it and sent to the
 * bot's own `POST /slack/events`, and so is a button press (`block_actions`), so both take the real path
 * through Bolt's receiver. Also the page itself (src/sandbox/page/), its live updates and the controls.
 */
export function sandboxRoutes(deps: {
  standIn: SlackStandIn;
  signingSecret: string;
  botUrl: () => string;
  controls: SandboxControls;
  /** HOST as configured: the one name besides loopback a browser may use (guard.ts). */
  host?: string;
}): Route[] {
  const { standIn } = deps;
  // The person at the page reads and writes every public channel and the DM with the bot.
  joinChannels(standIn, SANDBOX_USER);
  const toBot = (body: string) =>
    fetch(`${deps.botUrl()}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(deps.signingSecret, body),
      body,
    });
  const visibleChannel = (id: string | undefined) => {
    const channel = id ? standIn.channels.get(id) : undefined;
    return channel && canSee(channel, SANDBOX_USER) ? channel : undefined;
  };
  const visibleChannelNamed = (name: string) =>
    [...standIn.channels.values()].find(
      (c) => !c.isIm && !c.isMpim && c.name === name && canSee(c, SANDBOX_USER),
    )?.id;
  // One control at a time: a second click waits for the first.
  let controlsBusy: Promise<unknown> = Promise.resolve();

  // Every route, the page's own included, only for this machine and the page itself (guard.ts).
  return guardRoutes(
    [
      ...pageRoutes({ standIn, user: SANDBOX_USER }),
      ...homeRoutes({ standIn, signingSecret: deps.signingSecret, botUrl: deps.botUrl, user: SANDBOX_USER }),
      {
        method: 'POST',
        path: '/sandbox/command',
        async handler(req, res) {
          const input = await readInput(req, res);
          if (!input) return;
          const channel = text(input.channel) ?? SANDBOX_CHANNEL;
          const user = text(input.user) ?? SANDBOX_USER;
          const typed = String(input.text ?? '').trim();
          const command = /^\/\S*/.exec(typed)?.[0];
          if (command && command !== '/insights') {
            sendJson(res, 400, { ok: false, error: 'unknown_command' });
            return;
          }
          if (!standIn.channels.has(channel)) {
            sendJson(res, 404, { ok: false, error: 'channel_not_found' });
            return;
          }
          const body = slashCommandBody({
            text: linkChannels(typed.replace(/^\/insights\s*/, ''), (name) => visibleChannelNamed(name)),
            channelId: channel,
            userId: user,
            responseUrl: standIn.responseUrl(channel, user),
            channelName: standIn.channels.get(channel)?.name,
            teamId: standIn.teamId,
          });
          const reply = await toBot(body);
          const raw = await reply.text();
          const ack = raw ? safeJson(raw) : null;
          if (reply.status !== 200) {
            // What Slack shows when an app fails a command.
            standIn.addMessage({
              channel,
              user: SLACKBOT_USER,
              text: `/insights failed with the error "http_${reply.status}"`,
              ephemeralTo: user,
            });
          } else if (typeof ack === 'object' && ack !== null) {
            // An answer in the acknowledgement itself: Slack shows it like a response_url post.
            const a = ack as { text?: unknown; blocks?: unknown; response_type?: unknown };
            const blocks = Array.isArray(a.blocks) ? a.blocks : undefined;
            if (typeof a.text === 'string' || blocks) {
              standIn.addMessage({
                channel,
                user: standIn.botUserId,
                botId: standIn.botId,
                ...(typeof a.text === 'string' ? { text: a.text } : {}),
                ...(blocks ? { blocks } : {}),
                ...(a.response_type === 'in_channel' ? {} : { ephemeralTo: user }),
              });
            }
          }
          sendJson(res, reply.status === 200 ? 200 : 502, { ok: reply.status === 200, ack });
        },
      },
      {
        method: 'POST',
        path: '/sandbox/message',
        async handler(req, res) {
          const input = await readInput(req, res);
          if (!input) return;
          const channel = visibleChannel(text(input.channel) ?? SANDBOX_CHANNEL);
          const typed = (text(input.text) ?? '').trim();
          const threadTs = text(input.threadTs);
          if (!channel) return sendJson(res, 404, { ok: false, error: 'channel_not_found' });
          if (channel.isArchived) return sendJson(res, 400, { ok: false, error: 'is_archived' });
          if (!typed) return sendJson(res, 400, { ok: false, error: 'no_text' });
          if (typed.length > TEXT_MAX) return sendJson(res, 400, { ok: false, error: 'msg_too_long' });
          const message = standIn.addMessage({
            channel: channel.id,
            user: SANDBOX_USER,
            text: slackEscape(typed),
            ...(threadTs ? { threadTs } : {}),
          });
          sendJson(res, 200, { ok: true, channel: channel.id, ts: message.ts });
        },
      },
      {
        method: 'POST',
        path: '/sandbox/action',
        async handler(req, res) {
          const input = await readInput(req, res);
          if (!input) return;
          const channel = text(input.channel) ?? '';
          const ts = text(input.ts) ?? '';
          const actionId = text(input.actionId) ?? '';
          const message = standIn.messages.find(
            (m) =>
              m.channel === channel &&
              m.ts === ts &&
              (m.ephemeralTo === undefined || m.ephemeralTo === SANDBOX_USER) &&
              visibleChannel(channel),
          );
          if (!message) return sendJson(res, 404, { ok: false, error: 'message_not_found' });
          // The value comes from the message, as in Slack; the page only says which button.
          const button = findButton(message, actionId, text(input.blockId) || undefined);
          if (!button) return sendJson(res, 404, { ok: false, error: 'action_not_found' });
          const body = blockActionsBody({
            userId: SANDBOX_USER,
            channelId: channel,
            messageTs: ts,
            actionId,
            blockId: button.blockId,
            value: button.value,
            responseUrl: standIn.responseUrl(channel, SANDBOX_USER, ts),
            teamId: standIn.teamId,
            message: {
              type: 'message',
              ts: message.ts,
              user: message.user,
              ...(message.botId ? { bot_id: message.botId } : {}),
              text: message.text ?? '',
              ...(message.blocks ? { blocks: message.blocks } : {}),
              ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
            },
          });
          const reply = await toBot(body);
          const raw = await reply.text();
          sendJson(res, reply.status === 200 ? 200 : 502, {
            ok: reply.status === 200,
            ack: raw ? safeJson(raw) : null,
          });
        },
      },
      {
        method: 'POST',
        path: '/sandbox/controls/*',
        async handler(req, res, url) {
          await readBody(req, BODY_LIMIT).catch(() => undefined);
          const name = url.pathname.slice('/sandbox/controls/'.length);
          const method = Object.hasOwn(CONTROLS, name) ? CONTROLS[name] : undefined;
          if (!method) {
            sendJson(res, 404, { ok: false, error: 'unknown_control', controls: Object.keys(CONTROLS) });
            return;
          }
          const run = controlsBusy.then(() => deps.controls[method]());
          controlsBusy = run.catch(() => undefined);
          try {
            sendJson(res, 200, { ok: true, text: await run });
          } catch (err) {
            sendJson(res, 500, { ok: false, error: 'control_failed', text: (err as Error).message });
          }
        },
      },
      {
        method: 'GET',
        path: '/sandbox/messages',
        handler(_req, res, url) {
          const channel = url.searchParams.get('channel') ?? SANDBOX_CHANNEL;
          sendJson(res, 200, { ok: true, messages: standIn.history(channel, SANDBOX_USER) });
        },
      },
    ],
    { host: deps.host },
  );
}

/**
 * What Slack does to a command with "escape channels" on: a typed `#general` of a channel it knows
 * arrives as `<#C0GENERAL|general>`. In Slack the #-autocomplete does it; the page has none.
 */
export function linkChannels(text: string, idOf: (name: string) => string | undefined): string {
  return text.replace(/(^|\s)#([a-z0-9][a-z0-9._-]*)(?=\s|$)/g, (whole, space: string, name: string) => {
    const id = idOf(name);
    return id ? `${space}<#${id}|${name}>` : whole;
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
