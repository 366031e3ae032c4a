import { LogLevel, WebClient } from '@slack/web-api';
import type { SeatDirectory } from '../app/seat-reclaim.js';
import { slackFetch } from './slack-fetch.js';
import { slackErrorCode } from './upload-to-channel.js';

/**
 * The lookups' own client. users.lookupByEmail and conversations.open are Tier 3 (about 50 a minute), and
 * asking 100 members makes 200 calls: a rate limit pauses this client's queue for its Retry-After, not
 * the shared client every /insights command and button uses. Each call waits out up to 10 of them.
 */
const LOOKUP_CLIENT_OPTIONS = {
  retryConfig: { retries: 10, factor: 1, minTimeout: 250, maxTimeout: 250 },
  timeout: 30_000,
  fetch: slackFetch,
  logLevel: LogLevel.WARN,
};

/** conversations.open's answers about the user (not the call): no DM can be opened with them. */
const CANNOT_DM = new Set(['user_not_found', 'user_not_visible', 'user_disabled', 'cannot_dm_bot']);

/**
 * Finding members in Slack by their Docker email (users.lookupByEmail, scope users:read.email; an unknown
 * email is `users_not_found`) and opening a DM with them (conversations.open, scope im:write; a
 * deactivated or invisible user cannot be DMed: null).
 */
export function createSlackDirectory(shared: WebClient): SeatDirectory {
  const client = new WebClient(shared.token, { slackApiUrl: shared.slackApiUrl, ...LOOKUP_CLIENT_OPTIONS });
  return {
    async userByEmail(email) {
      try {
        const res = await client.users.lookupByEmail({ email });
        const user = res.user as { id?: string; deleted?: boolean; is_bot?: boolean } | undefined;
        return user?.id && !user.deleted && !user.is_bot ? user.id : null;
      } catch (err) {
        if (slackErrorCode(err) === 'users_not_found') return null;
        throw err;
      }
    },
    async openDm(user) {
      try {
        const id = (await client.conversations.open({ users: user })).channel?.id;
        if (!id) throw new Error('Slack opened no direct message');
        return id;
      } catch (err) {
        if (CANNOT_DM.has(slackErrorCode(err) ?? '')) return null;
        throw err;
      }
    },
  };
}
