import { AUDIT_ACTORS, csvLine, hex, int, pick, REPOSITORIES, seededRng, TAGS } from './fake-docker-data.js';

// ---------------------------------------------------------------------------------------------------------------
// usage_pulls CSV

export interface UsageField {
  name: string;
  type: 'string' | 'integer' | 'date' | 'timestamp' | 'boolean' | 'float';
  description: string;
}

/** Column descriptions: docs §2.5 (16 columns), the spec's illustrative schema and the first guide's names. */
export const USAGE_PULLS_FIELDS: Record<string, UsageField> = Object.fromEntries(
  (
    [
      ['day', 'date', 'UTC date of the pull activity.'],
      ['hub_username', 'string', 'Docker Hub user that pulled.'],
      ['image_repository', 'string', 'Repository name without namespace or tag.'],
      ['namespace', 'string', 'Organization or personal namespace.'],
      ['tag', 'string', 'Image tag that was pulled.'],
      ['image_digest', 'string', 'sha256 manifest digest.'],
      ['privacy', 'string', 'public or private at pull time.'],
      ['billing_entity', 'string', 'Billing entity the pull is attributed to.'],
      ['auth_name', 'string', 'Username or token name used.'],
      ['ip_address', 'string', 'Client IP address.'],
      ['os', 'string', 'Client OS reported by the Docker client.'],
      ['user_agent', 'string', 'Client user agent.'],
      ['version_checks', 'integer', 'Manifest HEAD requests.'],
      ['data_downloads', 'integer', 'Layer GET requests.'],
      ['event_count', 'integer', 'version_checks + data_downloads.'],
      ['egress_size_bytes', 'integer', 'Egress bytes over all layer downloads.'],
      ['event_date', 'date', 'Date the pull occurred (UTC).'],
      ['date', 'date', 'Date the pull occurred (UTC).'],
      ['repository', 'string', 'Full repository name including namespace.'],
      ['pull_count', 'integer', 'Number of pulls for this repository and tag on this date.'],
    ] as const
  ).map(([name, type, description]) => [name, { name, type, description }]),
);

export const USAGE_PULLS_COLUMNS = {
  full: [
    'day',
    'hub_username',
    'image_repository',
    'namespace',
    'tag',
    'image_digest',
    'privacy',
    'billing_entity',
    'auth_name',
    'ip_address',
    'os',
    'user_agent',
    'version_checks',
    'data_downloads',
    'event_count',
    'egress_size_bytes',
  ],
  minimal: ['day', 'image_repository', 'tag', 'event_count'],
  legacy: ['event_date', 'repository', 'tag', 'pull_count'],
} as const;

const USER_AGENTS = [
  'docker/27.3.1 go/go1.22.7 git-commit/41ca978 kernel/6.10.14-linuxkit os/linux arch/arm64 ' +
    'UpstreamClient(Docker-Client/27.3.1 \\(darwin\\))',
  'docker/26.1.4 go/go1.21.11 git-commit/de5c9cf kernel/5.15.0-1064-azure os/linux arch/amd64',
  'containerd/1.7.22',
  'buildkit/v0.16.0',
  'Go-http-client/1.1',
  'Mozilla/5.0 (X11; Linux x86_64, like Gecko) skopeo/1.15',
];

/**
 * A `usage_pulls` daily report for `day`: a header plus `rows` rows, `\n` line endings, trailing newline.
 * `full` = the 16 columns of docs §2.5; `minimal` = the current guide's 4; `legacy` = the spec example's names.
 */
export function generateUsagePullsCsv(
  day: string,
  rows: number,
  options: { seed?: number; org?: string; columns?: 'full' | 'minimal' | 'legacy' } = {},
): string {
  const rng = seededRng(options.seed ?? hashString(day));
  const org = options.org ?? 'acme';
  const variant = options.columns ?? 'full';
  const lines = [csvLine(USAGE_PULLS_COLUMNS[variant])];
  for (let i = 0; i < rows; i++) {
    const repo = pick(rng, REPOSITORIES);
    const tag = pick(rng, TAGS);
    const versionChecks = int(rng, 0, 40);
    const dataDownloads = int(rng, 0, 25);
    const events = versionChecks + dataDownloads;
    if (variant === 'minimal') {
      lines.push(csvLine([day, repo, tag, String(events)]));
      continue;
    }
    if (variant === 'legacy') {
      lines.push(csvLine([day, `${org}/${repo}`, tag, String(events)]));
      continue;
    }
    const user = rng() < 0.1 ? '' : pick(rng, [...AUDIT_ACTORS, 'ci-bot', 'frank', 'grace', 'heidi']);
    const os = pick(rng, ['linux', 'linux', 'linux', 'darwin', 'windows']);
    lines.push(
      csvLine([
        day,
        user,
        repo,
        org,
        tag,
        `sha256:${hex(rng, 64)}`,
        rng() < 0.8 ? 'private' : 'public',
        org,
        user === '' ? 'ci-pipeline' : user,
        `10.${int(rng, 0, 255)}.${int(rng, 0, 255)}.${int(rng, 1, 254)}`,
        os,
        pick(rng, USER_AGENTS),
        String(versionChecks),
        String(dataDownloads),
        String(events),
        String(dataDownloads * int(rng, 2_000_000, 90_000_000)),
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}

function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The header names of a CSV text (first line, RFC 4180 quoting). */
export function csvHeader(text: string): string[] {
  const end = text.search(/\r?\n/);
  const line = end === -1 ? text : text.slice(0, end);
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}
