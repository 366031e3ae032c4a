/**
 * The seat statuses counted in SQL (src/store/seats-sql.ts) are the domain's (src/domain/seats.ts), member
 * for member, on both engines: boundaries of 30/60/90 days and of the grace period, ties, unknown dates,
 * exemptions by name, by team and by command, invitees and invites.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Member } from '../src/domain/insights.js';
import { classifySeat, countSeats, exemptByConfig } from '../src/domain/seats.js';
import { createMembersRepo } from '../src/store/members-repo.js';
import { createSeatHistoryRepo } from '../src/store/seat-history-repo.js';
import { createSeatRecordsRepo } from '../src/store/seat-records-repo.js';
import { createSeatsRepo, seatParams } from '../src/store/seats-repo.js';
import { CLASSIFIED_MEMBERS } from '../src/store/seats-sql.js';
import { ENGINES, type FreshDatabase, freshDatabase } from './support/databases.js';
import { seededRng } from './support/fake-docker-data.js';

const ORG = 'acme';
const NOW = new Date('2026-03-29T01:30:00Z'); // a daylight-saving change in Europe: days are 24 hours anyway
const DAY = 86_400_000;
const q = { graceDays: 30, exempt: ['svc-build', 'robots'] };
const at = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

/** Members at every boundary, then random ones. */
function dataset(): Member[] {
  const rng = seededRng(7);
  const edges = [
    0,
    1,
    29 * DAY,
    30 * DAY - 1,
    30 * DAY,
    30 * DAY + 1,
    59 * DAY,
    60 * DAY,
    89 * DAY,
    90 * DAY,
    400 * DAY,
    -DAY,
  ];
  const base = (i: number): Member => ({
    username: `user${i}`,
    name: `User ${i}`,
    email: `user${i}@acme.example`,
    type: 'User',
    role: i % 17 === 0 ? 'Owner' : 'Member',
    teams: i % 23 === 0 ? ['robots'] : i % 29 === 0 ? ['Robots'] : ['developers'],
    dateJoined: at(500 * DAY),
    lastLoggedInAt: null,
    lastSeenAt: null,
    lastDesktopVersion: null,
    optedOutAnalytics: false,
    isGuest: i % 9 === 0,
  });
  const out: Member[] = [];
  let i = 0;
  for (const seen of [...edges, null]) {
    for (const login of [...edges, null])
      out.push({
        ...base(i++),
        lastSeenAt: seen === null ? null : at(seen),
        lastLoggedInAt: login === null ? null : at(login),
      });
  }
  for (const joined of edges) out.push({ ...base(i++), dateJoined: at(joined) });
  out.push(
    { ...base(i++), dateJoined: null },
    { ...base(i++), username: 'SVC-Build' },
    { ...base(i++), username: 'exempted' },
  );
  out.push({
    ...base(i++),
    type: 'Invitee',
    username: 'invitee@elsewhere.example',
    email: 'invitee@elsewhere.example',
  });
  for (let k = 0; k < 300; k++) {
    const r = () => Math.floor(rng() * 200 * DAY);
    out.push({
      ...base(i++),
      dateJoined: at(r()),
      lastSeenAt: rng() < 0.8 ? at(r()) : null,
      lastLoggedInAt: rng() < 0.7 ? at(r()) : null,
    });
  }
  return out;
}

describe.each(ENGINES)('seats in SQL on %s', (engine) => {
  let fresh: FreshDatabase;
  const members = dataset();
  beforeAll(async () => {
    fresh = await freshDatabase(engine);
    await createMembersRepo(fresh.db).upsert(ORG, members, 'test', NOW);
    await createSeatsRepo(fresh.db).exempt(ORG, 'exempted', 'U0ADMIN', NOW);
    await createSeatsRepo(fresh.db).replaceInvites(
      ORG,
      [
        { id: '1', invitee: 'new@elsewhere.example', inviter: 'alice', team: 'qa', createdAt: at(DAY) },
        { id: '2', invitee: 'USER3', inviter: 'alice', team: '', createdAt: null }, // already a member
        { id: '3', invitee: 'Invitee@elsewhere.example', inviter: 'alice', team: '', createdAt: null }, // imported invitee
      ],
      'test',
    );
  });
  afterAll(async () => {
    await fresh?.drop();
  });

  const domain = (m: Member) => classifySeat({ ...m, exempted: m.username === 'exempted' }, q, NOW);

  it('gives every member the status, band and activity kind the domain gives', async () => {
    const rows = await fresh.db.query<{
      username: string;
      status: string;
      band: number;
      activity_kind: string | null;
    }>(
      `SELECT username, status, band, activity_kind FROM (${CLASSIFIED_MEMBERS}) c`,
      seatParams(ORG, q, NOW),
    );
    expect(rows).toHaveLength(members.length);
    const sql = new Map(rows.map((r) => [r.username, r]));
    for (const m of members) {
      const want = domain(m);
      const got = sql.get(m.username);
      expect({ who: m.username, status: got?.status, kind: got?.activity_kind ?? null }).toEqual({
        who: m.username,
        status: want.status,
        kind: want.activity?.kind ?? null,
      });
      if (want.status === 'idle') expect(got?.band).toBe(want.band);
    }
    expect(members.filter((m) => exemptByConfig(m, q.exempt)).length).toBeGreaterThan(2);
  });

  it('counts as the domain counts; open invites are those of no member', async () => {
    const counts = await createSeatsRepo(fresh.db).counts(ORG, q, NOW);
    const want = countSeats(
      members.map((m) => ({ ...m, exempted: m.username === 'exempted' })),
      q,
      NOW,
      1,
    );
    expect(counts).toEqual(want);
    expect(counts.invites).toBe(2);
  });

  it('lists the longest idle first, never-active members by their join date', async () => {
    const { members: idle, total } = await createSeatsRepo(fresh.db).idle(ORG, q, NOW, 20);
    expect(idle).toHaveLength(20);
    const counts = countSeats(
      members.map((m) => ({ ...m, exempted: m.username === 'exempted' })),
      q,
      NOW,
    );
    expect(total).toBe(counts.idle30 + counts.idle60 + counts.idle90 + counts.neverActive);
    const since = idle.map((m) => Date.parse(m.activity?.at ?? m.dateJoined ?? '1970-01-01'));
    expect(since).toEqual([...since].sort((a, b) => a - b));
    for (const m of idle)
      expect(['idle', 'never-active']).toContain(
        domain(members.find((x) => x.username === m.username) as Member).status,
      );
  });

  it('reads the seat list a page at a time: every member, then the open invites', async () => {
    const pages: number[] = [];
    const statuses = new Map<string, string>();
    for await (const page of createSeatRecordsRepo(fresh.db).pages(ORG, { ...q, answerDays: 7 }, NOW, 100)) {
      pages.push(page.length);
      for (const r of page) statuses.set(r.username || r.email, r.status);
    }
    expect(pages.slice(0, -2).every((n) => n === 100)).toBe(true);
    expect(pages.at(-1)).toBe(1);
    expect(pages.reduce((a, b) => a + b, 0)).toBe(members.length + 1);
    for (const m of members) expect(statuses.get(m.username)).toBe(domain(m).status);
    expect(statuses.get('new@elsewhere.example')).toBe('invite');
  });

  it('stores a day’s snapshot of the counts and finds the latest on or before a day', async () => {
    const history = createSeatHistoryRepo(fresh.db);
    await history.record(ORG, '2026-03-28', 300, q, NOW);
    await history.record(ORG, '2026-03-28', 310, q, NOW);
    const [snap] = await history.range(ORG, '2026-03-01', '2026-03-31');
    expect(snap?.purchased).toBe(310);
    expect(snap?.counts).toEqual(await createSeatsRepo(fresh.db).counts(ORG, q, NOW));
    expect((await history.onOrBefore(ORG, '2026-04-05'))?.day).toBe('2026-03-28');
    expect(await history.onOrBefore(ORG, '2026-03-27')).toBeNull();
  });
});
