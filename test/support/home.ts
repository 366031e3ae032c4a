/** The Home tab through the harness: open it, read what the bot published, press its buttons. */
import type { StandInView } from '../../src/sandbox/slack-stand-in.js';
import { appHomeOpenedEvent } from '../../src/slack/sign.js';
import { viewActionsBody, viewSubmissionBody } from '../../src/slack/sign-views.js';
import type { Harness } from './bot-harness.js';

type Block = { type?: string; block_id?: string; elements?: Array<{ action_id?: string; value?: string }> };

/** The views.publish calls for `user`, oldest first. */
export const publishesFor = (h: Harness, user: string) =>
  h.slack.calls.filter((c) => c.method === 'views.publish' && c.args.user_id === user);

/** Opens `user`'s Home tab and resolves with the view the bot published in answer. */
export async function openHome(h: Harness, user: string): Promise<StandInView> {
  const before = publishesFor(h, user).length;
  const res = await h.event(appHomeOpenedEvent(user));
  if (res.status !== 200) throw new Error(`app_home_opened answered ${res.status}`);
  await h.slack.waitFor(() =>
    publishesFor(h, user)
      .slice(before)
      .some((c) => (c.response as { ok?: boolean }).ok),
  );
  const view = h.slack.homeViews.get(user);
  if (!view) throw new Error(`no Home tab published for ${user}`);
  return view;
}

/** Every text of a view, for `toContain` checks. */
export const viewText = (view: StandInView) => JSON.stringify(view.blocks);

/** The buttons on a view: action id and value, block by block. */
export function buttons(view: StandInView): Array<{ blockId: string; actionId: string; value?: string }> {
  return (view.blocks as Block[]).flatMap((b) =>
    (b.type === 'actions' ? (b.elements ?? []) : []).map((e) => ({
      blockId: b.block_id ?? '',
      actionId: e.action_id ?? '',
      ...(e.value !== undefined ? { value: e.value } : {}),
    })),
  );
}

/**
 * Presses a button on `user`'s Home tab as Slack sends it (a view container, no response_url). `value`
 * overrides the button's value (a forged press); by default the first button `actionId` is pressed.
 */
export function pressOnHome(
  h: Harness,
  user: string,
  actionId: string,
  options: { value?: string; blockId?: string; view?: StandInView } = {},
): Promise<Response> {
  const view = options.view ?? h.slack.homeViews.get(user);
  const button = view ? buttons(view).find((b) => b.actionId === actionId) : undefined;
  const body = viewActionsBody({
    userId: user,
    view: view ?? { id: 'V0FORGED', type: 'home' },
    actionId,
    blockId: options.blockId ?? button?.blockId ?? 'home-alert:0',
    triggerId: h.slack.issueTrigger(user),
    ...((options.value ?? button?.value) !== undefined ? { value: options.value ?? button?.value } : {}),
  });
  return h.interact(body);
}

/** Submits `modal` with `values` (view.state.values) as `user`. */
export function submitModal(
  h: Harness,
  user: string,
  modal: StandInView,
  values: Record<string, Record<string, unknown>>,
): Promise<Response> {
  const view = {
    id: modal.id,
    type: 'modal' as const,
    blocks: modal.blocks,
    ...(modal.callbackId ? { callbackId: modal.callbackId } : {}),
  };
  return h.interact(
    viewSubmissionBody({ userId: user, view, values, triggerId: h.slack.issueTrigger(user) }),
  );
}
