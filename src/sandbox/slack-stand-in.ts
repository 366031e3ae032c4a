/**
 * A local stand-in for Slack's Web API (node:http only) for end-to-end tests with the real
 * `@slack/web-api` WebClient over loopback, and the state behind the browser sandbox page.
 *
 * Composed of its state (`slack-stand-in-state.ts`), its HTTP server (`slack-stand-in-server.ts`, which
 * routes to the method table in `slack-stand-in-methods.ts`) and its fault injection
 * (`slack-stand-in-faults.ts`). The public surface is `SlackStandIn` (`slack-stand-in-types.ts`).
 */
import type { Server } from 'node:http';
import { StandInFaults } from './slack-stand-in-faults.js';
import { createStandInServer } from './slack-stand-in-server.js';
import { StandInState } from './slack-stand-in-state.js';
import type { SlackStandIn, SlackStandInOptions } from './slack-stand-in-types.js';

export {
  type ChannelInit,
  DEFAULT_CHANNELS,
  DEFAULT_USER_ID,
  type NewMessage,
  type RecordedCall,
  type SlackStandIn,
  type SlackStandInOptions,
  type StandInChannel,
  type StandInEvents,
  type StandInFailure,
  type StandInFile,
  type StandInMessage,
  type StandInMessageFile,
  type StandInSnapshot,
  type StandInView,
} from './slack-stand-in-types.js';

async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}

/** Start the stand-in on `host:port` (default 127.0.0.1, a random port). */
export async function startSlackStandIn(options: SlackStandInOptions = {}): Promise<SlackStandIn> {
  const state = new StandInState(options);
  const faults = new StandInFaults();
  const server = createStandInServer({
    state,
    faults,
    token: options.token,
    onUnhandled: options.onUnhandled,
  });
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? 0, host);
  state.url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const standIn: SlackStandIn = {
    url: state.url,
    apiUrl: `${state.url}/api/`,
    // The same objects as the state's: reset() empties them in place.
    calls: state.calls,
    channels: state.channels,
    files: state.files,
    messages: state.messages,
    homeViews: state.homeViews,
    modals: state.modals,
    issueTrigger: (user) => state.views.issueTrigger(user),
    closeModal(id) {
      if (state.views.close(id)) state.notify();
    },
    botUserId: state.botUserId,
    botId: state.botId,
    teamId: state.teamId,
    addChannel: (c) => state.addChannel(c),
    addUser(user) {
      state.users.set(user.id, user);
    },
    users: state.users,
    addMessage: (message) => state.addMessage(message),
    failNext: (method, failure, failOptions) => faults.failNext(method, failure, failOptions),
    hangNext: (method, hangOptions) => faults.hangNext(method, hangOptions),
    responseUrl: (channelId, userId, messageTs) => state.responseUrl(channelId, userId, messageTs),
    history: (channelId, forUser) => state.history(channelId, forUser),
    thread: (channelId, threadTs, forUser) => state.thread(channelId, threadTs, forUser),
    waitFor: (predicate, timeoutMs) => state.waitFor(() => predicate(standIn), timeoutMs),
    on: (event, listener) => state.on(event, listener),
    snapshot: () => state.snapshot(),
    reset() {
      faults.clear();
      state.reset();
    },
    async close() {
      state.abortWaiters(new Error('Slack stand-in closed'));
      faults.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return standIn;
}
