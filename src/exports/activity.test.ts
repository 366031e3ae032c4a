import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, freshDatabase } from '../../test/support/databases.js';
import { createExports, type ExportRequest } from '../app/exports.js';
import { createDemoSource } from '../demo/demo-source.js';
import {
  type ActivityFilter,
  matchesActivityFilter,
  parseActivityFilter,
} from '../domain/activity-filter.js';
import { type ActivityEvent, createActivityRepo } from '../store/activity-repo.js';
import { ACTIVITY_COLUMNS, activityRow } from './activity.js';

const writeExport = (req: ExportRequest, deps: Parameters<typeof createExports>[0], out: Writable) =>
  createExports(deps).write(req, out);

const NOW = new Date('2026-11-21T12:00:00Z');
const ORG = 'acme';

/** 90 events over ten days: ties on the same instant, microseconds, mixed-case actors and actions. */
function seedEvents(): ActivityEvent[] {
  const actors = ['alice', 'Bob', 'carol@example.com', 'dave'];
  const actions = [
    'repo.tag.push',
    'enterprise.setting.policy.update',
    'Enterprise.Setting.Policy.Create',
    'org.member.invite.send',
    'Repo.Create',
  ];
  const events: ActivityEvent[] = [];
  for (let i = 0; i < 90; i++) {
    // Every third event shares its instant with the one before; some instants carry microseconds.
    const step = i - Math.floor(i / 3);
    const base = Date.parse('2026-11-11T08:00:00Z') + step * 2.5 * 3_600_000;
    const micros = i % 4 === 1 ? '.123456' : '';
    const at = `${new Date(base).toISOString().slice(0, 19)}${micros}Z`;
    const action = actions[i % actions.length] ?? 'repo.tag.push';
    const actor = actors[(i * 7) % actors.length] ?? 'alice';
    events.push({
      id: `event-${String(i).padStart(3, '0')}`,
      at,
      action,
      name: action.startsWith('org.') ? ORG : `${ORG}/web`,
      actor,
      data:
        action === 'org.member.invite.send'
          ? { invitee: `guest${i}@example.com` }
          : i % 2
            ? { tag: 'v1' }
            : {},
      description: `did ${action} #${i}, "quoted"`,
    });
  }
  return events;
}

function filter(...tokens: string[]): ActivityFilter {
  const parsed = parseActivityFilter(tokens);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.filter;
}

/** The expected order: by instant (microseconds count), then id. */
function ordered(events: ActivityEvent[]): ActivityEvent[] {
  const micros = (at: string) => {
    const frac = /\.(\d+)Z$/.exec(at)?.[1] ?? '';
    return Date.parse(at.replace(/\.\d+Z$/, 'Z')) * 1000 + Number(frac.padEnd(6, '0').slice(0, 6));
  };
  return [...events].sort((a, b) => micros(a.at) - micros(b.at) || (a.id < b.id ? -1 : 1));
}

describe.each(ENGINES)('activity export on %s', (engine) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('searches a page at a time with the same rules as matchesActivityFilter', async () => {
    const { db, drop } = await freshDatabase(engine);
    cleanup = drop;
    const repo = createActivityRepo(db);
    const events = seedEvents();
    expect(await repo.insert(ORG, events)).toHaveLength(90);
    // A second run stores nothing twice, and says so.
    expect(await repo.insert(ORG, events)).toEqual([]);
    await repo.insert('other-org', events.slice(0, 10));

    const filters = [
      filter(),
      filter('actor:ALICE'),
      filter('actor:carol@example.com'),
      filter('action:setting.policy.*'),
      filter('action:enterprise.setting.policy.*'),
      filter('action:member.invite.send'),
      filter('action:org.member.invite.send'),
      filter('action:tag.push'),
      filter('action:push'),
      filter('action:repo.create'),
      filter('action:repo.*', 'since:2026-11-15'),
      filter('since:5d'),
      filter('actor:bob', 'action:setting.*', 'since:2026-11-12'),
      filter('actor:nobody'),
    ];
    for (const f of filters) {
      const pages: ActivityEvent[][] = [];
      for await (const page of repo.search(ORG, f, { now: NOW, pageSize: 7 })) pages.push(page);
      const expected = ordered(events.filter((e) => matchesActivityFilter(e, f, NOW)));
      const got = pages.flat();
      expect(got.map((e) => e.id)).toEqual(expected.map((e) => e.id));
      expect(pages.every((p) => p.length <= 7 && p.length > 0)).toBe(true);
      expect(pages.length).toBe(Math.ceil(expected.length / 7));
    }
    // A filter without Docker's group finds the grouped actions (18 per action in the 90 events).
    const count = async (f: ActivityFilter) => {
      let n = 0;
      for await (const page of repo.search(ORG, f, { now: NOW })) n += page.length;
      return n;
    };
    expect(await count(filter('action:setting.policy.*'))).toBe(36);
    expect(await count(filter('action:member.invite.send'))).toBe(18);
    expect(await count(filter('action:push'))).toBe(0);
    // Every stored field comes back.
    const all: ActivityEvent[] = [];
    for await (const page of repo.search(ORG, {}, { now: NOW })) all.push(...page);
    const invite = all.find((e) => e.action === 'org.member.invite.send');
    const source = events.find((e) => e.id === invite?.id);
    expect(invite).toEqual({ ...source, at: new Date(source?.at ?? '').toISOString() });
  });

  it('writes the filtered log oldest first, with the event data as JSON', async () => {
    const { db, drop } = await freshDatabase(engine);
    cleanup = drop;
    const events = seedEvents();
    await createActivityRepo(db).insert(ORG, events);
    const source = createDemoSource({ members: 10 });
    const chunks: Buffer[] = [];
    const out = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    });
    const f = filter('action:member.invite.send', 'since:2026-11-12');
    const result = await writeExport({ kind: 'activity', filters: f, now: NOW }, { source, db }, out);
    const expected = ordered(events.filter((e) => matchesActivityFilter(e, f, NOW)));
    expect(expected.length).toBeGreaterThan(5);
    const [header, ...rows] = parse(Buffer.concat(chunks), { record_delimiter: '\r\n' }) as string[][];
    expect(header).toEqual([...ACTIVITY_COLUMNS]);
    expect(rows).toEqual(expected.map((e) => activityRow(e).map(String)));
    expect(rows[0]).toEqual([
      `${expected[0]?.at.slice(0, 19)}Z`,
      'org.member.invite.send',
      expected[0]?.actor,
      ORG,
      expected[0]?.description,
      JSON.stringify(expected[0]?.data),
    ]);
    const latest = ordered(events).at(-1)?.at.slice(0, 10);
    expect(result).toEqual({
      rows: expected.length,
      filename: 'acme-activity-2026-11-21.csv',
      summary: `acme activity log: ${expected.length} rows, filters action:member.invite.send since:2026-11-12, data as of ${latest}`,
      holdsEmails: true,
      // The stored activity log is real events, even with the demo organization as the source.
      demo: false,
      dataAsOf: latest,
    });
  });
});
