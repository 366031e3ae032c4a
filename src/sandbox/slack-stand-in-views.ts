/**
 * views.* methods of the Slack stand-in: views.publish (a user's Home tab) and views.open (a modal, from
 * an interaction's trigger_id). Checks and error codes from docs.slack.dev (REF `views.publish`,
 * `views.open`): `invalid_arguments` for a bad `user_id` or view, at most 100 blocks (`invalid_blocks`),
 * 250 kB (`view_too_large`), `hash_conflict`, and the trigger's `invalid_`/`expired_`/`exchanged_trigger_id`.
 */
import { str } from './request-body.js';
import type { StandInView } from './slack-stand-in-types.js';
import {
  type ApiResponse,
  checkBlocks,
  fail,
  isError,
  isRecord,
  type MethodHandler,
  type StandInCore,
} from './slack-stand-in-wire.js';

const VIEW_BLOCKS_MAX = 100;
const VIEW_BYTES_MAX = 250 * 1024;
const MODAL_TITLE_MAX = 24;

const hashOf = () => `${Math.floor(Date.now() / 1000)}.${Math.random().toString(36).slice(2, 10)}`;

/** The view argument checked as Slack does, or its error. */
function readView(
  core: StandInCore,
  args: Record<string, unknown>,
  type: StandInView['type'],
): Record<string, unknown> | ApiResponse {
  const view = args.view;
  if (!isRecord(view)) return fail('invalid_arguments', ['[ERROR] missing required field: view']);
  if (view.type !== type) {
    return fail('invalid_arguments', [`[ERROR] must be one of: ${type} [json-pointer:/view/type]`]);
  }
  if (Buffer.byteLength(JSON.stringify(view)) > VIEW_BYTES_MAX) return fail('view_too_large');
  const problem = checkBlocks(core, view.blocks, { max: VIEW_BLOCKS_MAX, pointer: '/view/blocks' });
  if (problem) return problem;
  if (type === 'modal') {
    const title = isRecord(view.title) ? view.title : undefined;
    if (title?.type !== 'plain_text' || typeof title.text !== 'string' || title.text === '') {
      return fail('invalid_arguments', ['[ERROR] missing required field: title [json-pointer:/view/title]']);
    }
    if (title.text.length > MODAL_TITLE_MAX) {
      return fail('invalid_arguments', [
        `[ERROR] must be less than ${MODAL_TITLE_MAX + 1} characters [json-pointer:/view/title/text]`,
      ]);
    }
  }
  return view;
}

function stored(view: Record<string, unknown>, user: string, id: string): StandInView {
  return {
    id,
    type: view.type as StandInView['type'],
    user,
    ...(typeof view.callback_id === 'string' ? { callbackId: view.callback_id } : {}),
    ...(view.title !== undefined ? { title: view.title } : {}),
    ...(view.submit !== undefined ? { submit: view.submit } : {}),
    ...(view.close !== undefined ? { close: view.close } : {}),
    ...(typeof view.private_metadata === 'string' ? { privateMetadata: view.private_metadata } : {}),
    blocks: view.blocks as unknown[],
    hash: hashOf(),
  };
}

/** The view as Slack answers it. */
export function wireView(core: StandInCore, v: StandInView): Record<string, unknown> {
  return {
    id: v.id,
    team_id: core.teamId,
    type: v.type,
    blocks: v.blocks,
    callback_id: v.callbackId ?? '',
    private_metadata: v.privateMetadata ?? '',
    ...(v.title !== undefined ? { title: v.title } : {}),
    ...(v.submit !== undefined ? { submit: v.submit } : { submit: null }),
    ...(v.close !== undefined ? { close: v.close } : { close: null }),
    state: { values: {} },
    hash: v.hash,
    root_view_id: v.id,
    previous_view_id: null,
    app_id: 'A0INSIGHTS',
    external_id: '',
    bot_id: core.botId,
  };
}

export const viewsPublish: MethodHandler = (core, args) => {
  const user = str(args, 'user_id');
  if (!user || !/^[UW][A-Z0-9]+$/.test(user)) return fail('invalid_arguments', ['invalid `user_id`']);
  const view = readView(core, args, 'home');
  if (isError(view)) return view;
  const current = core.homeViews.get(user);
  const hash = str(args, 'hash');
  if (hash !== undefined && hash !== current?.hash) return fail('hash_conflict');
  const next = stored(view, user, current?.id ?? core.newId('V'));
  core.putView(next);
  return { ok: true, view: wireView(core, next) };
};

export const viewsOpen: MethodHandler = (core, args) => {
  const triggerId = str(args, 'trigger_id') ?? str(args, 'interactivity_pointer');
  if (!triggerId) return fail('invalid_arguments', ['[ERROR] missing required field: trigger_id']);
  if (!/^\d+\.\d+\.[0-9a-f]+$/.test(triggerId)) return fail('invalid_trigger_id');
  const view = readView(core, args, 'modal');
  if (isError(view)) return view;
  const trigger = core.takeTrigger(triggerId);
  if (trigger === 'invalid') return fail('invalid_trigger_id');
  if (trigger === 'expired') return fail('expired_trigger_id');
  if (trigger === 'exchanged') return fail('exchanged_trigger_id');
  const modal = stored(view, trigger.user, core.newId('V'));
  core.putView(modal);
  return { ok: true, view: wireView(core, modal) };
};
