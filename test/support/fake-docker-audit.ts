import {
  AUDIT_ACTORS,
  DAY_MS,
  type FakeAuditLog,
  hex,
  int,
  isoSeconds,
  pick,
  REPOSITORIES,
  type Rng,
  seededRng,
  TAGS,
  TEAMS,
} from './fake-docker-data.js';

// ---------------------------------------------------------------------------------------------------------------
// Audit logs

/** The spec's `GET /v2/auditlogs/{account}` example event, verbatim (docker-hub-api.yaml, spec commit c065f800). */
export const SPEC_AUDIT_LOG_EXAMPLE: FakeAuditLog = {
  account: 'docker',
  action: 'repo.tag.push',
  name: 'docker/example',
  actor: 'docker',
  data: {
    digest: 'sha256:c1ae9c435032a276f80220c7d9b40f76266bbe79243d34f9cda30b76fe114dfa',
    tag: 'latest',
  },
  timestamp: '2021-02-19T01:34:35Z',
  action_description:
    'pushed the tag latest with the digest sha256:c1ae9c435032a to the repository docker/example\n',
};

const POLICIES = ['Default policy', 'Engineering', 'Contractors', 'Locked down'];

interface ActionTemplate {
  action: string;
  weight: number;
  build(ctx: { rng: Rng; org: string; repo: string; member: string; team: string }): {
    name: string;
    data: Record<string, string>;
    description: string;
  };
}

/**
 * Event `action` values are `<group>.<name>` of the `/actions` catalog (docker-apis.md §3.2: the spec's event
 * example is `repo.tag.push`, listed as group `repo`, name `tag.push`): `org.member.role.change`,
 * `enterprise.sso.connection.update`, `enterprise.setting.policy.update`, `billing.plan.seat_add`.
 */
const ACTIONS: ActionTemplate[] = [
  {
    action: 'repo.tag.push',
    weight: 45,
    build: ({ rng, repo }) => {
      const digest = `sha256:${hex(rng, 64)}`;
      const tag = pick(rng, TAGS);
      return {
        name: repo,
        data: { digest, tag },
        description: `pushed the tag ${tag} with the digest ${digest.slice(0, 20)} to the repository ${repo}`,
      };
    },
  },
  {
    action: 'repo.tag.delete',
    weight: 3,
    build: ({ rng, repo }) => {
      const tag = pick(rng, TAGS);
      return { name: repo, data: { tag }, description: `deleted the tag ${tag} from the repository ${repo}` };
    },
  },
  {
    action: 'repo.create',
    weight: 3,
    build: ({ repo }) => ({ name: repo, data: {}, description: `created the repository ${repo}` }),
  },
  {
    action: 'repo.update',
    weight: 3,
    build: ({ repo }) => ({ name: repo, data: {}, description: `updated the repository ${repo}` }),
  },
  {
    action: 'repo.delete',
    weight: 1,
    build: ({ repo }) => ({ name: repo, data: {}, description: `deleted the repository ${repo}` }),
  },
  {
    action: 'repo.change_privacy',
    weight: 1,
    build: ({ rng, repo }) => {
      const privacy = pick(rng, ['public', 'private']);
      return { name: repo, data: { privacy }, description: `made the repository ${repo} ${privacy}` };
    },
  },
  {
    action: 'org.member.add',
    weight: 5,
    build: ({ org, member }) => ({
      name: org,
      data: { member },
      description: `added ${member} to the organization ${org}`,
    }),
  },
  {
    action: 'org.member.remove',
    weight: 2,
    build: ({ org, member }) => ({
      name: org,
      data: { member },
      description: `removed ${member} from the organization ${org}`,
    }),
  },
  {
    action: 'org.member.role.change',
    weight: 3,
    build: ({ rng, org, member }) => {
      const [from, to] = pick(rng, [
        ['member', 'editor'],
        ['editor', 'owner'],
        ['owner', 'member'],
        ['member', 'owner'],
      ] as const);
      return {
        name: org,
        data: { member, from_role: from, to_role: to },
        description: `changed the role of ${member} from ${from} to ${to} in the organization ${org}`,
      };
    },
  },
  {
    action: 'org.member.invite.send',
    weight: 4,
    build: ({ org, member }) => ({
      name: org,
      data: { invitee: `${member}@${org}.example.com`, role: 'member' },
      description: `invited ${member}@${org}.example.com to the organization ${org}`,
    }),
  },
  {
    action: 'org.team.create',
    weight: 1,
    build: ({ org, team }) => ({ name: org, data: { team }, description: `created the team ${team}` }),
  },
  {
    action: 'org.team.member.add',
    weight: 5,
    build: ({ team, member }) => ({
      name: member,
      data: { team, member },
      description: `added ${member} to the team ${team}`,
    }),
  },
  {
    action: 'org.team.member.remove',
    weight: 2,
    build: ({ team, member }) => ({
      name: member,
      data: { team, member },
      description: `removed ${member} from the team ${team}`,
    }),
  },
  ...(['create', 'update', 'delete'] as const).map(
    (verb): ActionTemplate => ({
      action: `enterprise.setting.policy.${verb}`,
      weight: verb === 'update' ? 4 : 1,
      build: ({ rng, org }) => {
        const policy = pick(rng, POLICIES);
        return {
          name: org,
          data: { policy_name: policy, policy_id: hex(rng, 12) },
          description: `${verb}d the settings policy ${policy}`,
        };
      },
    }),
  ),
  {
    action: 'org.access_token.create',
    weight: 2,
    build: ({ rng, org }) => {
      const label = pick(rng, ['ci-pipeline', 'insights-bot', 'release', 'scanner']);
      return { name: org, data: { token_label: label }, description: `created the access token ${label}` };
    },
  },
  {
    action: 'enterprise.sso.connection.update',
    weight: 1,
    build: ({ org }) => ({
      name: org,
      data: { connection: 'okta' },
      description: 'updated the SSO connection okta',
    }),
  },
  {
    action: 'org.settings.update',
    weight: 1,
    build: ({ org }) => ({
      name: org,
      data: {},
      description: `updated the settings of the organization ${org}`,
    }),
  },
  {
    action: 'billing.plan.seat_add',
    weight: 1,
    build: ({ rng, org }) => {
      const seats = String(int(rng, 1, 20));
      return { name: org, data: { seats }, description: `added ${seats} seats to the plan` };
    },
  },
];
const TOTAL_WEIGHT = ACTIONS.reduce((sum, a) => sum + a.weight, 0);

function pickAction(rng: Rng): ActionTemplate {
  let r = rng() * TOTAL_WEIGHT;
  for (const a of ACTIONS) {
    r -= a.weight;
    if (r < 0) return a;
  }
  return ACTIONS[0] as ActionTemplate;
}

/**
 * `n` audit-log events between `from` (inclusive) and `to` (exclusive), newest first. Timestamps are distinct
 * whole seconds (`2021-02-19T01:34:35Z`) when the window has at least `n` seconds, else distinct-ish
 * milliseconds (`…:35.123Z`). Actors are alice…erin, with the odd `dockersupport`.
 */
export function generateAuditLogs(
  n: number,
  options: { seed?: number; org?: string; from: Date; to: Date } = {
    from: new Date(Date.now() - 7 * DAY_MS),
    to: new Date(),
  },
): FakeAuditLog[] {
  const rng = seededRng(options.seed ?? 2);
  const org = options.org ?? 'acme';
  const fromMs = options.from.getTime();
  const spanMs = Math.max(1, options.to.getTime() - fromMs);
  const firstSecond = Math.ceil(fromMs / 1000) * 1000;
  const spanSec = Math.floor((options.to.getTime() - firstSecond) / 1000);
  const logs: FakeAuditLog[] = [];
  for (let i = 0; i < n; i++) {
    let timestamp: string;
    if (spanSec >= n) {
      const lo = Math.floor((i * spanSec) / n);
      const hi = Math.floor(((i + 1) * spanSec) / n);
      timestamp = isoSeconds(firstSecond + (lo + Math.floor(rng() * (hi - lo))) * 1000);
    } else {
      timestamp = new Date(fromMs + Math.floor(((i + rng()) * spanMs) / n)).toISOString();
    }
    const template = pickAction(rng);
    const actor = rng() < 0.02 ? 'dockersupport' : pick(rng, AUDIT_ACTORS);
    const built = template.build({
      rng,
      org,
      repo: `${org}/${pick(rng, REPOSITORIES)}`,
      member: `user${int(rng, 1, 999)}`,
      team: pick(rng, TEAMS),
    });
    logs.push({
      account: org,
      action: template.action,
      name: built.name,
      actor,
      data: built.data,
      timestamp,
      action_description: built.description,
    });
  }
  return logs.reverse();
}
