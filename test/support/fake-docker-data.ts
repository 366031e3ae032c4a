/**
 * Deterministic test data for the fake Docker server: Hub org members, audit-log events and `usage_pulls`
 * CSV reports, shaped as docs/docker-apis.md §2.5, §3.2–§3.4 and the Hub / Enterprise Data specs describe them.
 */

/** The Hub `org_member` JSON (spec `user` + `org_member`). */
export interface FakeMember {
  id: string;
  username: string;
  full_name: string;
  email: string;
  role: 'Owner' | 'Member' | 'Editor' | 'Invitee';
  groups: string[];
  type: 'User' | 'Org';
  date_joined: string;
  is_guest: boolean;
  last_logged_in_at?: string;
  last_seen_at?: string;
  last_desktop_version?: string;
  [k: string]: unknown;
}

/** The Hub `AuditLog` JSON. */
export interface FakeAuditLog {
  account: string;
  action: string;
  name: string;
  actor: string;
  data: Record<string, string>;
  timestamp: string;
  action_description: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Seeded randomness

export type Rng = () => number;

/** mulberry32: small, fast, deterministic. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function hex(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += Math.floor(rng() * 16).toString(16);
  return out;
}

/** `2021-01-05T21:06:53.506400Z`: the microsecond form the Hub spec's examples use. */
export function isoMicros(ms: number, rng?: Rng): string {
  const micros = rng ? String(Math.floor(rng() * 1000)).padStart(3, '0') : '000';
  return new Date(ms).toISOString().replace('Z', `${micros}Z`);
}

/** `2021-02-19T01:34:35Z`: the second-precision form of the audit-log example. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const DAY_MS = 86_400_000;

/** Repository names (without namespace) used by the audit-log and usage-pulls generators. */
export const REPOSITORIES = 'web|api|worker|base-images|ml-runtime|docs|gateway|billing-svc'.split('|');
export const TAGS = ['latest', 'v1.4.2', 'v1.5.0', 'main', 'sha-3f9c2d1', '2026.06', 'alpine', 'debug'];

// ---------------------------------------------------------------------------------------------------------------
// Members

const FIRST_NAMES = [
  'Alice|Bob|Carol|Dave|Erin|Frank|Grace|Heidi|Ivan|Judy|Mallory|Niaj|Olivia|Peggy|Rupert|Sybil|Trent|Victor',
  'Walter|José|Zoë|Björn|Łukasz|Søren|Ana María|Chloé|Dário|Émilie|François|Jürgen|Noémie|Siobhán|Ólafur|Mei',
  'Ravi|Aiko|Kwame',
]
  .join('|')
  .split('|');
const LAST_NAMES = [
  'Anderson|Brown|Nguyen|García|Müller|Kowalczyk|Ødegaard|Łęcka|Dubois|Rossi|Silva|Yamamoto|Okafor|Patel',
  "O'Brien|Smith|Johansson|Novák|Çelik|Šimić|Fernández|Kim",
]
  .join('|')
  .split('|');
export const TEAMS = 'developers|platform|data-science|security|qa|mobile|sre|frontend|backend'.split('|');
const DESKTOP_VERSIONS = '4.29.0|4.31.1|4.33.0|4.34.3|4.36.0|4.37.2|4.38.0|4.39.0|4.40.0'.split('|');

/** The first members: stable, readable names the audit-log generator uses as actors. */
const FIXED_MEMBERS: Array<{
  username: string;
  full_name: string;
  role: FakeMember['role'];
  groups: string[];
}> = [
  { username: 'alice', full_name: 'Alice Anderson', role: 'Owner', groups: ['owners', 'platform'] },
  { username: 'bob', full_name: 'Bob Brown', role: 'Owner', groups: ['owners', 'developers', 'sre'] },
  { username: 'carol', full_name: 'Carol Nguyen', role: 'Editor', groups: ['developers', 'security'] },
  { username: 'dave', full_name: 'Dave García', role: 'Member', groups: ['developers'] },
  { username: 'erin', full_name: 'Érin Müller', role: 'Member', groups: ['data-science', 'qa'] },
];

/** Usernames that appear as audit-log actors (the first generated members, plus Docker Support). */
export const AUDIT_ACTORS = ['alice', 'bob', 'carol', 'dave', 'erin'];

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/ø/g, 'o')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * `n` org members, deterministic for a seed. About 1 in 20 is an `Invitee` (no insights fields), 1 in 25 an
 * `Owner`, 1 in 10 an `Editor`; about 1 in 12 is a guest. With `insights` (default) members carry
 * `last_logged_in_at`, and about 85% of them `last_seen_at` / `last_desktop_version` too.
 */
export function generateMembers(
  n: number,
  options: { seed?: number; now?: Date; insights?: boolean; org?: string } = {},
): FakeMember[] {
  const rng = seededRng(options.seed ?? 1);
  const now = (options.now ?? new Date()).getTime();
  const insights = options.insights ?? true;
  const domain = `${options.org ?? 'acme'}.example.com`;
  const members: FakeMember[] = [];
  for (let i = 0; i < n; i++) {
    const fixed = FIXED_MEMBERS[i];
    const first = pick(rng, FIRST_NAMES);
    const last = pick(rng, LAST_NAMES);
    const fullName = fixed?.full_name ?? `${first} ${last}`;
    let role: FakeMember['role'] = fixed?.role ?? 'Member';
    if (!fixed) {
      if (i % 20 === 7) role = 'Invitee';
      else if (i % 25 === 3) role = 'Owner';
      else if (i % 10 === 4) role = 'Editor';
    }
    const guest = role !== 'Invitee' && i % 12 === 11;
    const dockerId =
      fixed?.username ?? `${(slug(first) || 'user').slice(0, 12)}${slug(last).slice(0, 10)}${i}`;
    const email = guest ? `${dockerId}@gmail.example` : `${dockerId}@${domain}`;
    const username = role === 'Invitee' && i % 40 === 7 ? email : dockerId;
    let groups = fixed?.groups;
    if (!groups) {
      const picked = new Set<string>();
      const count = role === 'Invitee' ? int(rng, 0, 1) : int(rng, 0, 3);
      for (let k = 0; k < count; k++) picked.add(pick(rng, TEAMS));
      if (role === 'Owner') picked.add('owners');
      groups = [...picked].sort();
    }
    const joinedMs =
      role === 'Invitee'
        ? now - int(rng, 1, 20) * DAY_MS - int(rng, 0, DAY_MS)
        : now - int(rng, 30, 1500) * DAY_MS;
    const member: FakeMember = {
      id: hex(rng, 32),
      company: '',
      date_joined: isoMicros(joinedMs, rng),
      full_name: role === 'Invitee' ? '' : fullName,
      gravatar_email: '',
      gravatar_url: '',
      location: '',
      profile_url: '',
      type: 'User',
      username,
      email,
      role,
      groups: [...groups],
      is_guest: guest,
      primary_email: email,
    };
    if (insights && role !== 'Invitee') {
      member.last_logged_in_at = isoMicros(now - Math.floor(rng() * 30 * DAY_MS), rng);
      if (rng() < 0.85 || fixed) {
        member.last_seen_at = isoMicros(now - Math.floor(rng() * (rng() < 0.8 ? 7 : 60) * DAY_MS), rng);
        member.last_desktop_version =
          DESKTOP_VERSIONS[DESKTOP_VERSIONS.length - 1 - Math.floor(rng() ** 2 * 9)];
      }
    }
    members.push(member);
  }
  return members;
}

/** RFC 4180 field quoting, as Go's encoding/csv does it (only when needed). */
export function csvField(value: string): string {
  return /[",\r\n]|^\s/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(',');
}

// ---------------------------------------------------------------------------------------------------------------
// Members export CSV

export const MEMBERS_EXPORT_COLUMNS = [
  'Name',
  'Username',
  'Email',
  'Type',
  'Permission',
  'Teams',
  'Date Joined',
];

/** `2021-01-05T21:06:53.506400Z` → `2021-01-05 21:06:53.5064 +0000 UTC` (Go's time.String(), zeros trimmed). */
export function goTimeString(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?(?:Z|[+-]00:?00)?$/.exec(iso);
  if (!m) return iso;
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  return `${m[1]} ${m[2]}${fraction ? `.${fraction}` : ''} +0000 UTC`;
}

/** The `/members/export` CSV for `members` (invitees included, `Type` = `Invitee`), `\n` line endings. */
export function membersExportCsv(members: readonly FakeMember[], columns = MEMBERS_EXPORT_COLUMNS): string {
  const lines = [csvLine(columns)];
  for (const m of members) {
    const invitee = m.role === 'Invitee';
    lines.push(
      csvLine([
        m.full_name,
        m.username,
        m.email,
        invitee ? 'Invitee' : 'User',
        invitee ? 'Member' : m.role,
        m.groups.join(', '),
        goTimeString(m.date_joined),
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}
