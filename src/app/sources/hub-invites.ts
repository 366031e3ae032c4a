import { createSeatsRepo } from '../../store/seats-repo.js';
import { dockerOf, type Source } from './source.js';

/**
 * The organization's pending invites (`GET /v2/orgs/{org}/invites`, docker-apis.md §3.5 and §13): each may
 * take a seat, so used seats are members plus these. Replaced whole on every sync.
 */
export const hubInvites: Source = {
  name: 'hub-invites',
  label: 'Hub invites API (pending invites, for seats)',
  setup: 'Set `DOCKER_TOKEN` (an organization access token with Invite Read) to turn it on.',
  configured: (ctx) => ctx.docker !== null,
  feeds: ['seats'],
  async run(ctx) {
    const invites = await dockerOf(ctx).hub.invites();
    await ctx.db.transaction((tx) => createSeatsRepo(tx).replaceInvites(ctx.org, invites, 'hub'));
    return { detail: `${invites.length} pending invite${invites.length === 1 ? '' : 's'}` };
  },
};
