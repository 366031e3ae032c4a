import type { HubPush } from '../domain/hub-push.js';
import { formatWhen } from './alert-blocks.js';
import type { SlackMessage } from './blocks.js';
import { fallbackText, mrkdwnSafe } from './slack-text.js';

/** The short post for one push: repository and tag, pusher, time. */
export function hubPushMessage(push: HubPush): SlackMessage {
  const image = `${push.repository}:${push.tag}`;
  const url = `https://hub.docker.com/repository/docker/${push.repository}`;
  return {
    text: fallbackText(`${image} pushed by ${push.pusher || 'someone'}`),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:whale: *<${url}|${mrkdwnSafe(push.repository, 255)}>:${mrkdwnSafe(push.tag, 128)}* pushed by *${mrkdwnSafe(push.pusher || 'someone', 255)}*`,
        },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `${formatWhen(push.pushedAt)}${push.isPrivate ? ' · private repository' : ''} · Docker Hub webhook`,
          },
        ],
      },
    ],
  };
}
