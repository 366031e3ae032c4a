/**
 * The sandbox page's way into the Home tab, the way Slack does it: opening the tab sends a signed
 * `app_home_opened` event to the bot's own `POST /slack/events`; a button on the tab a `block_actions`
 * payload with a view container (and a trigger_id the stand-in's views.open accepts); a modal's Submit a
 * `view_submission`, whose acknowledgement either closes the modal or carries errors for its fields.
 */
import { type Route, readBody, sendJson } from '../http/server.js';
import { appHomeOpenedEvent, eventCallbackBody, signedHeaders, signedJsonHeaders } from '../slack/sign.js';
import { viewActionsBody, viewSubmissionBody } from '../slack/sign-views.js';
import { openModal } from './page/page-state.js';
import type { SlackStandIn, StandInView } from './slack-stand-in.js';

const BODY_LIMIT = 16 * 1024;

type Input = Record<string, unknown>;
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

async function readJson(req: Parameters<Route['handler']>[0]): Promise<Input | undefined> {
  try {
    const raw = (await readBody(req, BODY_LIMIT)).toString('utf8');
    const parsed: unknown = raw.trim() === '' ? {} : JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Input)
      : undefined;
  } catch {
    return undefined; // not JSON, or past the limit (BodyTooLargeError)
  }
}

function parseAck(body: string): { response_action?: string; errors?: unknown } {
  try {
    const parsed: unknown = body ? JSON.parse(body) : {};
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

/** The button `actionId` of the view (in block `blockId` when given), with its value. */
function findButton(view: StandInView, actionId: string, blockId: string | undefined) {
  for (const raw of view.blocks) {
    const block = raw as { block_id?: unknown; elements?: unknown; accessory?: unknown };
    const id = typeof block.block_id === 'string' ? block.block_id : '';
    if (blockId && id !== blockId) continue;
    const elements = [...(Array.isArray(block.elements) ? block.elements : []), block.accessory];
    const el = elements.find(
      (e): e is { action_id: string; value?: unknown } =>
        typeof e === 'object' && e !== null && (e as { action_id?: unknown }).action_id === actionId,
    );
    if (el) return { blockId: id, ...(typeof el.value === 'string' ? { value: el.value } : {}) };
  }
  return undefined;
}

const viewRef = (v: StandInView) => ({
  id: v.id,
  type: v.type,
  blocks: v.blocks,
  hash: v.hash,
  ...(v.callbackId !== undefined ? { callbackId: v.callbackId } : {}),
  ...(v.privateMetadata !== undefined ? { privateMetadata: v.privateMetadata } : {}),
});

export function homeRoutes(deps: {
  standIn: SlackStandIn;
  signingSecret: string;
  botUrl: () => string;
  user: string;
}): Route[] {
  const { standIn, user } = deps;
  const toBot = async (body: string, json = false) => {
    const res = await fetch(`${deps.botUrl()}/slack/events`, {
      method: 'POST',
      headers: (json ? signedJsonHeaders : signedHeaders)(deps.signingSecret, body),
      body,
    });
    return { status: res.status, body: await res.text() };
  };
  return [
    {
      method: 'POST',
      path: '/sandbox/home/open',
      async handler(req, res) {
        await readBody(req, BODY_LIMIT).catch(() => undefined);
        const body = eventCallbackBody({
          event: appHomeOpenedEvent(user),
          teamId: standIn.teamId,
          botUserId: standIn.botUserId,
        });
        const reply = await toBot(body, true);
        sendJson(res, reply.status === 200 ? 200 : 502, { ok: reply.status === 200 });
      },
    },
    {
      method: 'POST',
      path: '/sandbox/home/action',
      async handler(req, res) {
        const input = await readJson(req);
        if (!input) return sendJson(res, 400, { ok: false, error: 'invalid_body' });
        const view = standIn.homeViews.get(user);
        const actionId = text(input.actionId) ?? '';
        // The value comes from the view, as in Slack; the page only says which button.
        const button = view ? findButton(view, actionId, text(input.blockId) || undefined) : undefined;
        if (!view || !button) return sendJson(res, 404, { ok: false, error: 'action_not_found' });
        const body = viewActionsBody({
          userId: user,
          view: viewRef(view),
          actionId,
          ...button,
          triggerId: standIn.issueTrigger(user),
          teamId: standIn.teamId,
        });
        const reply = await toBot(body);
        sendJson(res, reply.status === 200 ? 200 : 502, { ok: reply.status === 200 });
      },
    },
    {
      method: 'POST',
      path: '/sandbox/home/submit',
      async handler(req, res) {
        const input = await readJson(req);
        const modal = openModal(standIn, user);
        if (!input || !modal || text(input.viewId) !== modal.id) {
          return sendJson(res, 404, { ok: false, error: 'view_not_found' });
        }
        const values = (
          typeof input.values === 'object' && input.values !== null ? input.values : {}
        ) as Record<string, Record<string, unknown>>;
        const reply = await toBot(
          viewSubmissionBody({
            userId: user,
            view: viewRef(modal),
            values,
            triggerId: standIn.issueTrigger(user),
            teamId: standIn.teamId,
          }),
        );
        if (reply.status !== 200) return sendJson(res, 502, { ok: false, error: `http_${reply.status}` });
        const ack = parseAck(reply.body);
        // An empty acknowledgement closes the modal; `errors` keeps it open with a message per field.
        if (ack.response_action === 'errors')
          return sendJson(res, 200, { ok: true, errors: ack.errors ?? {} });
        standIn.closeModal(modal.id);
        sendJson(res, 200, { ok: true });
      },
    },
    {
      method: 'POST',
      path: '/sandbox/home/close',
      async handler(req, res) {
        const input = await readJson(req);
        const modal = openModal(standIn, user);
        if (modal && text(input?.viewId) === modal.id) standIn.closeModal(modal.id);
        sendJson(res, 200, { ok: true });
      },
    },
  ];
}
