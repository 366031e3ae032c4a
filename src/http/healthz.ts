import type { DeliveryHealth } from '../domain/delivery.js';
import { type Route, sendJson } from './server.js';

/**
 * `GET /healthz`: 200 when the database answers, 503 otherwise. Says nothing secret. The JSON also
 * tells the delivery backlog: a Slack outage does not make the bot unhealthy (restarting would not
 * help), but a monitor can alert on `delivery.stalled`.
 */
export function healthzRoute(deps: {
  /** Whether the store answers. */
  ping: () => Promise<boolean>;
  delivery: () => Promise<DeliveryHealth>;
  mode: string;
  startedAt: Date;
  now: () => Date;
}): Route {
  return {
    method: 'GET',
    path: '/healthz',
    async handler(_req, res) {
      const uptimeSeconds = Math.round((deps.now().getTime() - deps.startedAt.getTime()) / 1000);
      const health = (await deps.ping()) ? await deps.delivery().catch(() => undefined) : undefined;
      if (!health) {
        sendJson(res, 503, { status: 'unavailable', reason: 'database not answering', uptimeSeconds });
        return;
      }
      const delivery = {
        backlog: health.backlog,
        oldestPendingSeconds: health.oldestPendingSeconds,
        stalled: health.stalled,
      };
      sendJson(res, 200, { status: 'ok', mode: deps.mode, uptimeSeconds, delivery });
    },
  };
}
