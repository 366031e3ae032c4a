import type { Queryable } from '../store/db.js';
import { type Route, sendJson } from './server.js';

/** `GET /healthz`: 200 when the database answers, 503 otherwise. Says nothing secret. */
export function healthzRoute(deps: { db: Queryable; mode: string; startedAt: Date; now: () => Date }): Route {
  return {
    method: 'GET',
    path: '/healthz',
    async handler(_req, res) {
      const uptimeSeconds = Math.round((deps.now().getTime() - deps.startedAt.getTime()) / 1000);
      try {
        await deps.db.query('SELECT 1');
        sendJson(res, 200, { status: 'ok', mode: deps.mode, uptimeSeconds });
      } catch {
        sendJson(res, 503, { status: 'unavailable', reason: 'database not answering', uptimeSeconds });
      }
    },
  };
}
