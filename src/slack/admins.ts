import type { WebClient } from '@slack/web-api';

export interface Admins {
  users: string[];
  groups: string[];
}

const GROUP_TTL_MS = 5 * 60_000;

/**
 * Who may change state (INSIGHTS_ADMINS): listed user IDs, or members of listed user groups
 * (usergroups.users.list, cached five minutes). Checked on the server for every admin-only action.
 */
export function createAdminCheck(admins: Admins, now: () => Date = () => new Date()) {
  const cache = new Map<string, { users: Set<string>; until: number }>();
  const groupMembers = async (client: WebClient, group: string): Promise<Set<string>> => {
    const hit = cache.get(group);
    if (hit && hit.until > now().getTime()) return hit.users;
    const res = await client.usergroups.users.list({ usergroup: group });
    const users = new Set(res.users ?? []);
    cache.set(group, { users, until: now().getTime() + GROUP_TTL_MS });
    return users;
  };
  return {
    async isAdmin(userId: string, client: WebClient): Promise<boolean> {
      if (admins.users.includes(userId)) return true;
      for (const group of admins.groups) {
        const members = await groupMembers(client, group).catch(() => new Set<string>());
        if (members.has(userId)) return true;
      }
      return false;
    },
    /** The refusal: says who may. */
    refusal(action: string): string {
      const who = [...admins.users.map((u) => `<@${u}>`), ...admins.groups.map((g) => `<!subteam^${g}>`)];
      return who.length > 0
        ? `Only Insights admins can ${action}: ${who.join(', ')}. Ask one of them.`
        : `Only Insights admins can ${action}, and none are configured: set INSIGHTS_ADMINS to Slack user or user-group IDs.`;
    },
  };
}

export type AdminCheck = ReturnType<typeof createAdminCheck>;
