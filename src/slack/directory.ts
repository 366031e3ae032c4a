import type { WebClient } from '@slack/web-api';
import type { SeatDirectory } from '../app/seat-reclaim.js';
import { slackErrorCode } from './upload-to-channel.js';

/** conversations.open's answers about the user (not the call): no DM can be opened with them. */
const CANNOT_DM = new Set(['user_not_found', 'user_not_visible', 'user_disabled', 'cannot_dm_bot']);

/**
 * Finding members in Slack by their Docker email (users.lookupByEmail, scope users:read.email; an unknown
 * email is `users_not_found`) and opening a DM with them (conversations.open, scope im:write; a
 * deactivated or invisible user cannot be DMed: null).
 */
export function createSlackDirectory(client: WebClient): SeatDirectory {
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
