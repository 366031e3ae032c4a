import {
  type InsightsData,
  type InsightsSource,
  METRICS,
  type Member,
  type MetricPoint,
} from '../domain/insights.js';
import { addDays, type Day, toDay } from '../domain/period.js';
import { EXTENSIONS, IMAGES, INTERFACES, OSES, PUSHED_IMAGES, VERSIONS } from './demo-catalog.js';
import { buildMembers, createProfile, type OrgProfile } from './demo-org.js';
import { type DaySim, SEEN_HORIZON, type Simulation, simulate } from './demo-sim.js';

export interface DemoOptions {
  seed?: number;
  org?: string;
  members?: number;
  /** Extra days the data lags behind "yesterday". */
  lagDays?: number;
}

/** Always simulated, whatever is asked: a 3-month period plus the previous week or month. */
const MIN_HISTORY = Math.max(100, SEEN_HORIZON);
/** Requests reaching further back than this are clamped: ~3 years is plenty for a demo. */
const MAX_HISTORY = 1100;
/** Few entries: a 50,000-member organization is tens of megabytes. */
const MEMO_LIMIT = 4;

interface Generated {
  simulation: Simulation;
  members: Member[];
}

// Shared by every demo source, so a source created per request still reuses the work.
const profiles = new Map<string, OrgProfile>();
const generated = new Map<string, Generated>();

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  cache.delete(key);
  cache.set(key, value);
  const oldest = cache.keys().next();
  if (cache.size > MEMO_LIMIT && !oldest.done) cache.delete(oldest.value);
  return value;
}

function generate(seed: number, org: string, size: number, asOf: Day, length: number): Generated {
  const orgKey = `${seed}|${size}|${org}`;
  const key = `${orgKey}|${asOf}`;
  const cached = generated.get(key);
  if (cached && cached.simulation.days.length >= length) return cached;
  const profile = profiles.get(orgKey) ?? remember(profiles, orgKey, createProfile(seed, size, org));
  const simulation = simulate(profile, seed, asOf, length);
  // Members only depend on the last SEEN_HORIZON days: a longer simulation gives the same records.
  const members = buildMembers(profile, asOf, simulation.lastBack);
  return remember(generated, key, { simulation, members });
}

/** Forgets the memoised organizations (for tests and cold-start benchmarks). */
export function clearDemoMemo(): void {
  profiles.clear();
  generated.clear();
}

/** The built-in demo organization: deterministic for a seed and a day, with no I/O. */
export function createDemoSource(options: DemoOptions = {}): InsightsSource {
  const seed = options.seed ?? 42;
  const org = options.org ?? 'acme';
  const size = Math.max(0, Math.floor(options.members ?? 250));
  const lag = Math.max(0, Math.floor(options.lagDays ?? 0));
  const asOfFor = (now: Date): Day => addDays(toDay(now), -1 - lag);

  return {
    kind: 'demo',
    org,
    async dataAsOf(now: Date): Promise<Day> {
      return asOfFor(now);
    },
    async load(range: { from: Day; to: Day }, now: Date): Promise<InsightsData> {
      const asOf = asOfFor(now);
      // Clamp to the history there is: nothing after the as-of day, nothing before MAX_HISTORY.
      const startBack = Math.min(daysBack(range.from, asOf), MAX_HISTORY - 1);
      const endBack = Math.max(daysBack(range.to, asOf), 0);
      const from = addDays(asOf, -startBack);
      const to = addDays(asOf, -endBack);
      const { simulation, members } = generate(seed, org, size, asOf, Math.max(MIN_HISTORY, startBack + 1));
      const points: MetricPoint[] = [];
      for (let back = startBack; back >= endBack; back--) {
        const day = simulation.days[back];
        if (day) pushPoints(points, addDays(asOf, -back), day);
      }
      return { org, asOf, from, to, members: members.slice(), points, provided: new Set(METRICS) };
    },
  };
}

function daysBack(day: Day, asOf: Day): number {
  return Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000);
}

function pushPoints(out: MetricPoint[], day: Day, sim: DaySim): void {
  const add = (metric: MetricPoint['metric'], key: string, value: number) => {
    out.push({ day, metric, key, value });
  };
  add('active_users', '', sim.active);
  add('builds_succeeded', '', sim.buildsSucceeded);
  add('builds_failed', '', sim.buildsFailed);
  add('build_seconds', '', sim.buildSeconds);
  add('containers', '', sim.containers);
  // Only versions someone ran that day: a release appears once it is out.
  VERSIONS.forEach((version, i) => {
    const n = sim.versions[i] ?? 0;
    if (n > 0) add('version_users', version, n);
  });
  OSES.forEach((os, i) => {
    add('os_users', os, sim.os[i] ?? 0);
  });
  add('interface_users', INTERFACES[0], sim.cli);
  add('interface_users', INTERFACES[1], sim.gui);
  IMAGES.forEach(([image], i) => {
    add('pulls', image, sim.pulls[i] ?? 0);
  });
  PUSHED_IMAGES.forEach(([image], i) => {
    add('pushes', image, sim.pushes[i] ?? 0);
  });
  EXTENSIONS.forEach(([name], i) => {
    add('extension_users', name, sim.ext[i] ?? 0);
  });
  add('extension_any_users', '', sim.extAny);
}
