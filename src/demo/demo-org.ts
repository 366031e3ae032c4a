import type { Member } from '../domain/insights.js';
import { addDays, type Day } from '../domain/period.js';
import {
  EXTENSIONS,
  INTERFACE_MASKS,
  INTERFACE_WEIGHTS,
  OS_WEIGHTS,
  RELEASES,
  SILENT_BASE,
  SILENT_VERSIONS,
  STUCK_BASE,
  STUCK_VERSIONS,
  VERSIONS,
} from './demo-catalog.js';
import { FEATURED, LOCALES, TEAM_WEIGHTS, TEAMS } from './demo-names.js';
import { between, hashInts, intBetween, mulberry32, type Rng, weightedIndex } from './random.js';

interface Identity {
  name: string;
  username: string;
  email: string;
  type: 'User' | 'Invitee';
  role: string;
  teams: string[];
  optedOut: boolean;
  /** Minutes after midnight UTC when the member is usually last seen. */
  minuteOfDay: number;
  /** Days between the last web sign-in and the last Desktop use. */
  loginGap: number;
}

/**
 * The day the profile's "days back" count from. A member joined on a fixed day and was last seen (when not
 * active lately) on a fixed day, whatever the data day is: a users export of today and of tomorrow agree.
 */
export const DEMO_EPOCH: Day = '2026-11-20';

/** Everything about the members that does not depend on the date: typed arrays keep 50k members cheap. */
export interface OrgProfile {
  size: number;
  /** Days before DEMO_EPOCH the member joined; -1 for invitees (see `daysBackAt`). */
  joinedBack: Int32Array;
  /** Chance to be active on a weekday; 0 = never active. */
  propensity: Float32Array;
  /** 1 when the member's activity reaches Insights (a user, not opted out, Desktop > 4.16). */
  counted: Uint8Array;
  os: Uint8Array;
  iface: Uint8Array;
  /** Bit i = extension i installed. */
  ext: Uint8Array;
  /** Days after a release the member upgrades; -1 = stays on `fixedVersion`. */
  lag: Int16Array;
  fixedVersion: Uint8Array;
  /** Last seen (days before DEMO_EPOCH) for members not active lately; -1 = never. */
  oldSeenBack: Int32Array;
  identities: Identity[];
}

export function createProfile(seed: number, size: number, org: string): OrgProfile {
  const rng = mulberry32(hashInts(seed, 0x6f7267));
  const profile: OrgProfile = {
    size,
    joinedBack: new Int32Array(size),
    propensity: new Float32Array(size),
    counted: new Uint8Array(size),
    os: new Uint8Array(size),
    iface: new Uint8Array(size),
    ext: new Uint8Array(size),
    lag: new Int16Array(size),
    fixedVersion: new Uint8Array(size),
    oldSeenBack: new Int32Array(size),
    identities: [],
  };
  const taken = new Map<string, number>();
  const localeWeights = LOCALES.map((l) => l.weight);
  for (let i = 0; i < size; i++) {
    const invitee = i > 2 && rng() < 0.02;
    const optedOut = !invitee && i > 0 && rng() < 0.08;
    const identity = makeIdentity(rng, i, org, taken, localeWeights, invitee, optedOut);
    profile.identities.push(identity);
    profile.os[i] = weightedIndex(rng, OS_WEIGHTS);
    profile.iface[i] = INTERFACE_MASKS[weightedIndex(rng, INTERFACE_WEIGHTS)] ?? 1;
    let ext = 0;
    EXTENSIONS.forEach(([, share], e) => {
      if (rng() < share) ext |= 1 << e;
    });
    profile.ext[i] = ext;
    // A few members never upgrade; about 1% run a Desktop too old to report anything.
    const silent = i % 97 === 13;
    const stuck = silent || rng() < 0.07;
    profile.lag[i] = stuck ? -1 : lagDays(rng);
    profile.fixedVersion[i] = silent
      ? SILENT_BASE + (i % SILENT_VERSIONS.length)
      : STUCK_BASE + intBetween(rng, 0, STUCK_VERSIONS.length - 1);
    if (invitee) {
      profile.joinedBack[i] = -1;
      profile.oldSeenBack[i] = -1;
      continue;
    }
    // ~10% joined in the last 90 days: the org grows from ~225 to its current size.
    const joined = rng() < 0.1 ? intBetween(rng, 0, 89) : intBetween(rng, 90, 1500);
    profile.joinedBack[i] = joined;
    const kind = rng();
    profile.propensity[i] = kind < 0.1 ? 0 : kind < 0.3 ? between(rng, 0.08, 0.3) : between(rng, 0.6, 0.95);
    const old = intBetween(rng, 120, 600);
    profile.oldSeenBack[i] = old <= joined ? old : -1;
    profile.counted[i] = optedOut || silent ? 0 : 1;
  }
  return profile;
}

function lagDays(rng: Rng): number {
  const r = rng();
  if (r < 0.35) return intBetween(rng, 1, 7);
  if (r < 0.75) return intBetween(rng, 8, 30);
  return intBetween(rng, 31, 80);
}

function makeIdentity(
  rng: Rng,
  i: number,
  org: string,
  taken: Map<string, number>,
  localeWeights: readonly number[],
  invitee: boolean,
  optedOut: boolean,
): Identity {
  const featured = FEATURED[i];
  const locale = LOCALES[weightedIndex(rng, localeWeights)] ?? LOCALES[0];
  const first = featured?.first ?? locale?.first[Math.floor(rng() * locale.first.length)] ?? ['Alex', 'alex'];
  const last = featured?.last ?? locale?.last[Math.floor(rng() * locale.last.length)] ?? ['Doe', 'doe'];
  const familyFirst = featured ? featured.familyFirst === true : locale?.familyFirst === true;
  const name = familyFirst ? `${last[0]}${first[0]}` : `${first[0]} ${last[0]}`;
  const base = `${first[1]}${last[1]}`
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 24)
    .padEnd(4, 'x');
  // A counter per base name keeps 50k members linear; a suffixed name can't collide with a base (no digits).
  const seen = (taken.get(base) ?? 0) + 1;
  taken.set(base, seen);
  const suffix = seen === 1 ? '' : String(seen);
  const username = `${base}${suffix}`;
  const role = i === 0 || rng() < 0.015 ? 'owner' : rng() < 0.08 ? 'editor' : 'member';
  const teams = [TEAMS[weightedIndex(rng, TEAM_WEIGHTS)] ?? 'backend'];
  const second = TEAMS[weightedIndex(rng, TEAM_WEIGHTS)];
  if (rng() < 0.2 && second && !teams.includes(second)) teams.push(second);
  return {
    name,
    username,
    email: `${first[1]}.${last[1]}${suffix}@${org}.example`,
    type: invitee ? 'Invitee' : 'User',
    role,
    teams: role === 'owner' && !teams.includes('platform') ? ['platform', ...teams] : teams,
    optedOut,
    minuteOfDay: intBetween(rng, 7 * 60, 19 * 60),
    loginGap: intBetween(rng, 0, 25),
  };
}

const DAY_MS = 86_400_000;

/** Days from DEMO_EPOCH to `asOf` (negative before it). */
export function epochShift(asOf: Day): number {
  return Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${DEMO_EPOCH}T00:00:00Z`)) / DAY_MS);
}

/**
 * A profile's "days before DEMO_EPOCH" as days before `asOf` (shift: `epochShift(asOf)`); -1 stays -1. Before
 * the epoch a member who had not joined yet counts as joined that day.
 */
export const daysBackAt = (back: number, shift: number): number =>
  back < 0 ? -1 : Math.max(0, back + shift);

/** The Desktop version (index into VERSIONS) member `m` runs `back` days before the as-of day. */
export function versionAt(profile: OrgProfile, m: number, back: number): number {
  const lag = profile.lag[m] ?? -1;
  if (lag < 0) return profile.fixedVersion[m] ?? 0;
  for (let r = RELEASES.length - 1; r > 0; r--) {
    if ((RELEASES[r]?.[1] ?? 0) - lag >= back) return r;
  }
  return 0;
}

/** The member records as of `asOf`, given the last active day (days back) of each member, or -1. */
export function buildMembers(profile: OrgProfile, asOf: Day, lastBack: Int32Array): Member[] {
  const members: Member[] = [];
  const dayCache: Day[] = [];
  const dayAt = (back: number): Day => {
    let day = dayCache[back];
    if (day === undefined) {
      day = addDays(asOf, -back);
      dayCache[back] = day;
    }
    return day;
  };
  const shift = epochShift(asOf);
  for (let m = 0; m < profile.size; m++) {
    const id = profile.identities[m];
    if (!id) continue;
    const joined = daysBackAt(profile.joinedBack[m] ?? -1, shift);
    const recent = lastBack[m] ?? -1;
    const old = daysBackAt(profile.oldSeenBack[m] ?? -1, shift);
    // Not seen since joining (a seat that was empty then): never seen, rather than seen before joining.
    const seenBack = recent >= 0 ? recent : old > joined ? -1 : old;
    const at = (back: number, minute: number) => stamp(dayAt(back), minute);
    members.push({
      username: id.username,
      name: id.name,
      email: id.email,
      type: id.type,
      role: id.role,
      teams: id.teams,
      dateJoined: joined >= 0 ? at(joined, 6 * 60 + (m % 60)) : null,
      lastLoggedInAt:
        joined >= 0 ? at(Math.min(joined, Math.max(seenBack, 0) + id.loginGap), id.minuteOfDay) : null,
      lastDesktopVersion: seenBack >= 0 ? (VERSIONS[versionAt(profile, m, seenBack)] ?? null) : null,
      lastSeenAt: seenBack >= 0 ? at(seenBack, id.minuteOfDay) : null,
      optedOutAnalytics: id.optedOut,
    });
  }
  return members;
}

function stamp(day: Day, minuteOfDay: number): string {
  const hh = String(Math.floor(minuteOfDay / 60)).padStart(2, '0');
  const mm = String(minuteOfDay % 60).padStart(2, '0');
  return `${day}T${hh}:${mm}:00.000Z`;
}
