/**
 * Shared by the sandbox routes' tests (not a test file itself, and left out of the build): the sandbox
 * routes on a real HTTP server with a real stand-in, and a stand-in for the bot's `POST /slack/events`.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createHttpServer, listen } from '../http/server.js';
import { createLogger } from '../logger.js';
import type { SandboxControls } from './controls.js';
import { sandboxRoutes } from './sandbox-routes.js';
import { type SlackStandIn, startSlackStandIn } from './slack-stand-in.js';

export const SECRET = 'sandbox-routes-test-secret';
export const TOKEN = 'xoxb-routes-test';

export interface SandboxServer {
  standIn: SlackStandIn;
  server: Server;
  origin: string;
}

/** The sandbox routes next to `POST /slack/events`, answered by `botEvents`, on 127.0.0.1. */
export async function startSandboxServer(deps: {
  controls: SandboxControls;
  botEvents: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** HOST as configured (guard.ts accepts it as a Host besides loopback). */
  host?: string;
}): Promise<SandboxServer> {
  const standIn = await startSlackStandIn({ token: TOKEN });
  let origin = '';
  const server = createHttpServer(
    [
      { method: 'POST', path: '/slack/events', handler: (req, res) => deps.botEvents(req, res) },
      ...sandboxRoutes({
        standIn,
        signingSecret: SECRET,
        botUrl: () => origin,
        controls: deps.controls,
        host: deps.host,
      }),
    ],
    createLogger({ level: 'silent' }),
  );
  origin = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
  return { standIn, server, origin };
}

export async function stopSandboxServer({ server, standIn }: SandboxServer): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await standIn.close();
}
