/** Who is who in the Slack stand-in's workspace: auth.test (the bot) and users.info (anyone). */
import { str } from './request-body.js';
import { fail, type MethodHandler } from './slack-stand-in-wire.js';

export const usersInfo: MethodHandler = (core, args) => {
  const id = str(args, 'user');
  if (!id || !/^[UWB][A-Za-z0-9]+$/.test(id)) return fail('user_not_found');
  const isBot = id === core.botUserId;
  const name = isBot ? 'insights-bot' : `user-${id.toLowerCase()}`;
  const realName = isBot ? 'Insights Bot' : `Sandbox User ${id}`;
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
        ...(isBot ? { bot_id: core.botId } : { email: `${name}@example.com` }),
      },
    },
  };
};

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
