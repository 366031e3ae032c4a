import { type Route, sendJson } from './server.js';

/** `GET /healthz`: 200 when the database answers, 503 otherwise. Says nothing secret. */
export function healthzRoute(deps: {
  /** Whether the store answers. */
  ping: () => Promise<boolean>;
  mode: string;
  startedAt: Date;
  now: () => Date;
}): Route {
  return {
    method: 'GET',
    path: '/healthz',
    async handler(_req, res) {
      const uptimeSeconds = Math.round((deps.now().getTime() - deps.startedAt.getTime()) / 1000);
      if (await deps.ping()) sendJson(res, 200, { status: 'ok', mode: deps.mode, uptimeSeconds });
      else sendJson(res, 503, { status: 'unavailable', reason: 'database not answering', uptimeSeconds });
    },
  };
}
