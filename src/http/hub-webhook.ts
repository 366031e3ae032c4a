import type { HubPushes } from '../app/hub-pushes.js';
import { parseHubPush } from '../domain/hub-push.js';
import type { Logger } from '../logger.js';
import { secretMatches } from './secrets.js';
import { BodyTooLargeError, type Route, readBody, sendJson } from './server.js';

export const HUB_WEBHOOK_PREFIX = '/webhooks/hub/';
const MAX_BODY = 64 * 1024;

/**
 * `POST /webhooks/hub/<secret>`: Docker Hub's push webhook. Hub cannot sign requests, so the secret is
 * the URL's last segment (compared in constant time); an unknown one gets the same `404` as any
 * unknown path and is logged only as a fact. Each matching `hub` subscription gets one post, through
 * the delivery queue, keyed by repository, tag and push time (Hub's retries post nothing twice).
 */
export function hubWebhookRoute(deps: { secret: string; hubPushes: HubPushes; logger: Logger }): Route {
  return {
    method: 'POST',
    path: `${HUB_WEBHOOK_PREFIX}*`,
    async handler(req, res, url) {
      if (!secretMatches(url.pathname.slice(HUB_WEBHOOK_PREFIX.length), deps.secret)) {
        deps.logger.warn('Docker Hub webhook call with an unknown secret');
        sendJson(res, 404, { ok: false, error: 'not_found' });
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse((await readBody(req, MAX_BODY)).toString('utf8'));
      } catch (err) {
        const tooLarge = err instanceof BodyTooLargeError;
        sendJson(res, tooLarge ? 413 : 400, {
          ok: false,
          error: tooLarge ? `body larger than ${MAX_BODY} bytes` : 'body is not JSON',
        });
        return;
      }
      const parsed = parseHubPush(body);
      if ('error' in parsed) {
        sendJson(res, 400, { ok: false, error: parsed.error });
        return;
      }
      const { push } = parsed;
      const { channels } = await deps.hubPushes.receive(push);
      deps.logger.info({ repository: push.repository, channels }, 'Docker Hub push received');
      sendJson(res, 200, { ok: true, channels });
    },
  };
}
