import { type Route, sendJson } from './server.js';

/** Why a replica is not ready, in the words `/readyz` answers with. */
const REASONS = {
  database_down: 'database not answering',
  migrations_pending: 'database migrations not applied yet',
  socket_disconnected: 'Socket Mode not connected to Slack',
} as const;

/**
 * `GET /readyz`: 200 when the bot can work — the database answers with every migration applied and, in
 * Socket Mode, the socket to Slack is connected; 503 with the reason otherwise. `/healthz` stays the
 * liveness check (the process and its database), so an orchestrator stops routing to a replica that
 * is not ready without restarting it for a Slack outage.
 */
export function readyzRoute(deps: {
  ready: () => Promise<'ready' | 'database_down' | 'migrations_pending'>;
  /** Socket Mode: whether the socket is connected (HTTP mode: always true). */
  connected: () => boolean;
}): Route {
  return {
    method: 'GET',
    path: '/readyz',
    async handler(_req, res) {
      const store = await deps.ready().catch(() => 'database_down' as const);
      const reason = store !== 'ready' ? store : deps.connected() ? null : 'socket_disconnected';
      if (reason) sendJson(res, 503, { status: 'not_ready', reason: REASONS[reason] });
      else sendJson(res, 200, { status: 'ready' });
    },
  };
}
