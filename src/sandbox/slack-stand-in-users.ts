/**
 * Who is who in the Slack stand-in's workspace: auth.test (the bot), users.info (anyone) and
 * users.lookupByEmail (the people added with an email; anyone else is `users_not_found`, as Slack answers).
 */
import { str } from './request-body.js';
import { fail, type MethodHandler, type StandInCore } from './slack-stand-in-wire.js';

/** users.lookupByEmail (docs.slack.dev/reference/methods/users.lookupByEmail): exact email, any case. */
export const usersLookupByEmail: MethodHandler = (core, args) => {
  const email = str(args, 'email')?.trim().toLowerCase();
  if (!email) return fail('invalid_arguments', ['[ERROR] missing required field: email']);
  let found = [...core.users.values()].find((u) => u.email.toLowerCase() === email);
  if (!found) {
    found = core.findUser?.(email);
    if (found) core.users.set(found.id, found);
  }
  return found ? userOf(core, found.id) : fail('users_not_found');
};

export const usersInfo: MethodHandler = (core, args) => {
  const id = str(args, 'user');
  if (!id || !/^[UWB][A-Za-z0-9]+$/.test(id)) return fail('user_not_found');
  return userOf(core, id);
};

function userOf(core: StandInCore, id: string) {
  const isBot = id === core.botUserId;
  const known = core.users.get(id);
  const name = isBot ? 'insights-bot' : (known?.name ?? `user-${id.toLowerCase()}`);
  const realName = isBot ? 'Insights Bot' : (known?.name ?? `Sandbox User ${id}`);
  const email = known?.email ?? `${name}@example.com`;
  return {
    ok: true,
    user: {
      id,
      team_id: core.teamId,
      name,
      real_name: realName,
      deleted: false,
      is_bot: isBot,
      is_admin: false,
      tz: 'UTC',
      tz_label: 'Coordinated Universal Time',
      tz_offset: 0,
      profile: {
        real_name: realName,
        display_name: name,
        ...(isBot ? { bot_id: core.botId } : { email }),
      },
    },
  };
}

export const authTest: MethodHandler = (core) => ({
  ok: true,
  url: `${core.url}/`,
  team: 'Insights Sandbox',
  user: 'insights-bot',
  team_id: core.teamId,
  user_id: core.botUserId,
  bot_id: core.botId,
  is_enterprise_install: false,
});
