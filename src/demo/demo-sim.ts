import type { Day } from '../domain/period.js';
import { EXTENSIONS, IMAGES, PUSHED_IMAGES, RELEASES, VERSIONS } from './demo-catalog.js';
import { daysBackAt, epochShift, type OrgProfile, versionAt } from './demo-org.js';
import { between, hashInts, mulberry32 } from './random.js';

/** Members' "last seen" only looks this far back, so it never depends on how much history was asked for. */
export const SEEN_HORIZON = 100;

const RELEASE_BACK = Int32Array.from(RELEASES, ([, back]) => back);
/** Bins of (extensions << 4 | OS << 2 | interface mask). */
const COMBOS = (1 << EXTENSIONS.length) << 4;
const IMAGE_WEIGHT = IMAGES.reduce((sum, [, w]) => sum + w, 0);
const PUSH_WEIGHT = PUSHED_IMAGES.reduce((sum, [, w]) => sum + w, 0);

/** One simulated day's aggregates, exactly the Insights metrics. */
export interface DaySim {
  active: number;
  buildsSucceeded: number;
  buildsFailed: number;
  buildSeconds: number;
  containers: number;
  versions: Int32Array;
  os: Int32Array;
  cli: number;
  gui: number;
  ext: Int32Array;
  extAny: number;
  pulls: Int32Array;
  pushes: Int32Array;
}

export interface Simulation {
  /** Index = days back from the as-of day. */
  days: DaySim[];
  /** Per member: the last active day within SEEN_HORIZON (days back), or -1. */
  lastBack: Int32Array;
}

/**
 * Simulates `length` days ending at `asOf`; each calendar day has its own random stream, keyed by (seed, day),
 * so a day's figures are the same whichever later day the data is as of.
 */
export function simulate(profile: OrgProfile, seed: number, asOf: Day, length: number): Simulation {
  const days: DaySim[] = new Array<DaySim>(length);
  const lastBack = new Int32Array(profile.size).fill(-1);
  const asOfWeekday = new Date(`${asOf}T00:00:00Z`).getUTCDay();
  const { size, propensity, counted, lag } = profile;
  const shift = epochShift(asOf);
  const joinedBack = Int32Array.from(profile.joinedBack, (back) => daysBackAt(back, shift));
  const releases = RELEASE_BACK.length;
  const combo = new Uint16Array(size);
  for (let m = 0; m < size; m++) {
    combo[m] = ((profile.ext[m] ?? 0) << 4) | ((profile.os[m] ?? 0) << 2) | (profile.iface[m] ?? 0);
  }
  // Versions only move forward in time: track each member's current one instead of searching per day.
  const version = new Uint8Array(profile.size);
  for (let m = 0; m < profile.size; m++) version[m] = versionAt(profile, m, length - 1);
  // Oldest first, so the last assignment to lastBack is the most recent activity.
  for (let back = length - 1; back >= 0; back--) {
    // Keyed by the day itself (days after DEMO_EPOCH), not by its distance from the as-of day.
    const day = shift - back;
    const rng = mulberry32(hashInts(seed, day, 1));
    const weekday = (((asOfWeekday - back) % 7) + 7) % 7;
    const weekend = weekday === 0 || weekday === 6;
    const factor = weekend ? between(rng, 0.26, 0.34) : between(rng, 0.94, 1.04);
    const versions = new Int32Array(VERSIONS.length);
    // Count active members per (extensions, OS, interface) combination; expand the few bins afterwards.
    const combos = new Int32Array(COMBOS);
    for (let m = 0; m < size; m++) {
      const p = propensity[m] ?? 0;
      if (p === 0 || (joinedBack[m] ?? -1) < back) continue;
      if (rng() >= p * factor) continue;
      if (back < SEEN_HORIZON) lastBack[m] = back;
      if (counted[m] !== 1) continue;
      let v = version[m] ?? 0;
      const upgradeLag = lag[m] ?? -1;
      if (upgradeLag >= 0) {
        while (v + 1 < releases && (RELEASE_BACK[v + 1] ?? 0) - upgradeLag >= back) v++;
        version[m] = v;
      }
      versions[v] = (versions[v] ?? 0) + 1;
      const c = combo[m] ?? 0;
      combos[c] = (combos[c] ?? 0) + 1;
    }
    const sim = expandCombos(combos, versions);
    addWorkload(sim, mulberry32(hashInts(seed, day, 2)), weekend);
    days[back] = sim;
  }
  return { days, lastBack };
}

function expandCombos(combos: Int32Array, versions: Int32Array): DaySim {
  const day: DaySim = {
    active: 0,
    buildsSucceeded: 0,
    buildsFailed: 0,
    buildSeconds: 0,
    containers: 0,
    versions,
    os: new Int32Array(3),
    cli: 0,
    gui: 0,
    ext: new Int32Array(EXTENSIONS.length),
    extAny: 0,
    pulls: new Int32Array(IMAGES.length),
    pushes: new Int32Array(PUSHED_IMAGES.length),
  };
  combos.forEach((n, c) => {
    if (n === 0) return;
    day.active += n;
    const o = (c >> 2) & 3;
    day.os[o] = (day.os[o] ?? 0) + n;
    if (c & 1) day.cli += n;
    if (c & 2) day.gui += n;
    const bits = c >> 4;
    if (bits !== 0) day.extAny += n;
    for (let e = 0; e < EXTENSIONS.length; e++) {
      if (bits & (1 << e)) day.ext[e] = (day.ext[e] ?? 0) + n;
    }
  });
  return day;
}

/** Builds, containers, pulls and pushes follow the day's active users with some day-to-day noise. */
function addWorkload(day: DaySim, rng: () => number, weekend: boolean): void {
  const builds = Math.round(day.active * between(rng, 1.8, 2.8));
  day.buildsFailed = Math.round(builds * between(rng, 0.05, 0.1));
  day.buildsSucceeded = builds - day.buildsFailed;
  day.buildSeconds = Math.round(builds * between(rng, 105, 200));
  day.containers = Math.round(day.active * between(rng, 8, 16));
  const pulls = day.active * between(rng, 5, 8);
  IMAGES.forEach(([, w], i) => {
    day.pulls[i] = Math.round((pulls * w * between(rng, 0.85, 1.15)) / IMAGE_WEIGHT);
  });
  const pushes = day.active * (weekend ? 0.01 : 0.08);
  PUSHED_IMAGES.forEach(([, w], i) => {
    day.pushes[i] = Math.round((pushes * w * between(rng, 0.6, 1.4)) / PUSH_WEIGHT);
  });
}
