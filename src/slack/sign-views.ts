/**
 * Interaction payloads from views, as Slack sends them (form field `payload`; sign them with
 * `signedHeaders` from ./sign.ts): a button pressed on a Home tab (`block_actions` with a view container,
 * no channel, no message, no response_url) and a modal's `view_submission`.
 */
import { buttonAction } from './sign.js';

interface ViewRef {
  id: string;
  type: 'home' | 'modal';
  callbackId?: string;
  blocks?: unknown[];
  hash?: string;
  privateMetadata?: string;
}

const user = (id: string, teamId: string) => ({
  id,
  username: id.toLowerCase(),
  name: id.toLowerCase(),
  team_id: teamId,
});

function wireView(v: ViewRef, teamId: string, values: Record<string, unknown> = {}) {
  return {
    id: v.id,
    team_id: teamId,
    type: v.type,
    blocks: v.blocks ?? [],
    private_metadata: v.privateMetadata ?? '',
    callback_id: v.callbackId ?? '',
    state: { values },
    hash: v.hash ?? '',
    root_view_id: v.id,
    previous_view_id: null,
    app_id: 'A0INSIGHTS',
    bot_id: 'B0BOT',
  };
}

/** A button pressed on a view (the Home tab). */
export function viewActionsBody(fields: {
  userId: string;
  view: ViewRef;
  actionId: string;
  blockId: string;
  value?: string;
  triggerId: string;
  teamId?: string;
}): string {
  const teamId = fields.teamId ?? 'T0TEAM';
  const payload = {
    type: 'block_actions',
    user: user(fields.userId, teamId),
    api_app_id: 'A0INSIGHTS',
    token: 'deprecated-verification-token',
    container: { type: 'view', view_id: fields.view.id },
    trigger_id: fields.triggerId,
    team: { id: teamId, domain: 'sandbox' },
    enterprise: null,
    is_enterprise_install: false,
    view: wireView(fields.view, teamId),
    actions: [buttonAction(fields)],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/**
 * A modal submitted: `values` is `view.state.values` (block id → action id → the input's value, e.g.
 * `{ type: 'conversations_select', selected_conversation: 'C1' }`).
 */
export function viewSubmissionBody(fields: {
  userId: string;
  view: ViewRef;
  values: Record<string, Record<string, unknown>>;
  triggerId: string;
  teamId?: string;
}): string {
  const teamId = fields.teamId ?? 'T0TEAM';
  const payload = {
    type: 'view_submission',
    team: { id: teamId, domain: 'sandbox' },
    user: user(fields.userId, teamId),
    api_app_id: 'A0INSIGHTS',
    token: 'deprecated-verification-token',
    trigger_id: fields.triggerId,
    view: wireView(fields.view, teamId, fields.values),
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
