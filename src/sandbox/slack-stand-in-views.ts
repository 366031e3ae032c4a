/**
 * views.* methods of the Slack stand-in: views.publish (a user's Home tab) and views.open (a modal, from
 * an interaction's trigger_id). Checks and error codes from docs.slack.dev (REF `views.publish`,
 * `views.open`): `invalid_arguments` for a bad `user_id` or view (its title, submit, close, callback_id and
 * private_metadata lengths included), at most 100 blocks and Block Kit's limits (`invalid_blocks`),
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
/** A modal's title, submit and close texts. */
const MODAL_TITLE_MAX = 24;
const CALLBACK_ID_MAX = 255;
const PRIVATE_METADATA_MAX = 3000;

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
  const wrong = checkViewFields(view, type);
  if (wrong) return fail('invalid_arguments', [wrong]);
  return view;
}

/**
 * The view's own fields (docs.slack.dev/reference/views): `callback_id` ≤255, `private_metadata` ≤3000;
 * a modal's `title` (required), `submit` and `close` are plain_text of at most 24 characters, and
 * `submit` is required when the modal has an input block.
 */
function checkViewFields(view: Record<string, unknown>, type: StandInView['type']): string | undefined {
  const tooLong = (key: string, max: number) =>
    `[ERROR] must be less than ${max + 1} characters [json-pointer:/view/${key}]`;
  if (typeof view.callback_id === 'string' && view.callback_id.length > CALLBACK_ID_MAX) {
    return tooLong('callback_id', CALLBACK_ID_MAX);
  }
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > PRIVATE_METADATA_MAX) {
    return tooLong('private_metadata', PRIVATE_METADATA_MAX);
  }
  if (type !== 'modal') return undefined;
  for (const key of ['title', 'submit', 'close']) {
    const text = view[key];
    if (text === undefined && key !== 'title') continue;
    if (!isRecord(text) || typeof text.text !== 'string' || text.text === '') {
      return `[ERROR] missing required field: ${key} [json-pointer:/view/${key}]`;
    }
    if (text.type !== 'plain_text')
      return `[ERROR] must be one of: plain_text [json-pointer:/view/${key}/type]`;
    if (text.text.length > MODAL_TITLE_MAX) return tooLong(`${key}/text`, MODAL_TITLE_MAX);
  }
  const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isRecord(b) && b.type === 'input');
  if (hasInput && view.submit === undefined) {
    return '[ERROR] missing required field: submit [json-pointer:/view/submit]';
  }
  return undefined;
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
