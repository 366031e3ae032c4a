import type { KnownBlock, View } from '@slack/types';

/** The Home tab's "Subscribe a channel" modal: its callback and the block/action IDs of its inputs. */
export const SUBSCRIBE_MODAL = {
  callbackId: 'home_subscribe_modal',
  channel: { block: 'subscribe_channel', action: 'channel' },
  what: { block: 'subscribe_what', action: 'what' },
  options: { block: 'subscribe_options', action: 'options' },
} as const;

const KINDS = [
  ['digest', 'Daily digest (figures and one chart per data day)'],
  ['drift', 'Settings-drift alerts'],
  ['scout', 'Docker Scout policy and vulnerability alerts'],
  ['activity', 'Sensitive activity-log alerts'],
  ['hub', 'Docker Hub pushes (name the repository below)'],
  ['seats', 'Seat alerts and a seat report (options: weekly or monthly)'],
] as const;

const option = ([value, text]: readonly [string, string]) => ({
  text: { type: 'plain_text' as const, text },
  value,
});

/**
 * The modal an admin opens from the Home tab (views.open): a channel picker, what the channel should get,
 * and the same options `/insights subscribe` takes. Its view_submission goes through the same change as
 * the command (checked, audited).
 */
export function subscribeModal(): View {
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: SUBSCRIBE_MODAL.channel.block,
      label: { type: 'plain_text', text: 'Channel' },
      element: {
        type: 'conversations_select',
        action_id: SUBSCRIBE_MODAL.channel.action,
        placeholder: { type: 'plain_text', text: 'Pick a channel' },
        filter: { include: ['public', 'private'], exclude_bot_users: true },
      },
    },
    {
      type: 'input',
      block_id: SUBSCRIBE_MODAL.what.block,
      label: { type: 'plain_text', text: 'What it gets' },
      element: {
        type: 'static_select',
        action_id: SUBSCRIBE_MODAL.what.action,
        options: KINDS.map(option),
        initial_option: option(KINDS[0]),
      },
    },
    {
      type: 'input',
      block_id: SUBSCRIBE_MODAL.options.block,
      optional: true,
      label: { type: 'plain_text', text: 'Options' },
      hint: {
        type: 'plain_text',
        text: 'As after /insights subscribe: "at 08:30 tz Europe/Berlin" for the digest, "severity>=high" for alerts, "acme/api" or "acme/*" for Docker Hub.',
      },
      element: {
        type: 'plain_text_input',
        action_id: SUBSCRIBE_MODAL.options.action,
        placeholder: { type: 'plain_text', text: 'at 09:00 · severity>=high · acme/api' },
        max_length: 200,
      },
    },
  ];
  return {
    type: 'modal',
    callback_id: SUBSCRIBE_MODAL.callbackId,
    title: { type: 'plain_text', text: 'Subscribe a channel' },
    submit: { type: 'plain_text', text: 'Subscribe' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}
