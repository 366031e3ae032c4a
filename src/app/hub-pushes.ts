import { type HubPush, repositoryMatches } from '../domain/hub-push.js';
import { hubPushMessage } from '../render/hub-blocks.js';
import type { DeliveryQueue } from './delivery-queue.js';
import type { Subscriptions } from './subscriptions.js';

/** Docker Hub push webhooks: one post per push to each channel whose `hub` subscription matches. */
export interface HubPushes {
  /** Queues the posts (keyed by repository, tag and push time: Hub's retries post nothing twice). */
  receive(push: HubPush): Promise<{ channels: number }>;
}

export function createHubPushes(deps: {
  subscriptions: Pick<Subscriptions, 'list'>;
  queue: Pick<DeliveryQueue, 'enqueue'>;
}): HubPushes {
  return {
    async receive(push) {
      const channels = (await deps.subscriptions.list('hub'))
        .filter((s) => (s.options.repositories ?? []).some((p) => repositoryMatches(p, push.repository)))
        .map((s) => s.channel);
      const message = hubPushMessage(push);
      for (const channel of channels) {
        await deps.queue.enqueue(`hub:${push.repository}:${push.tag}:${push.pushedAt.getTime()}:${channel}`, {
          kind: 'message',
          channel,
          ...message,
        });
      }
      return { channels: channels.length };
    },
  };
}
