import { describe, expect, it } from 'vitest';
import { DEFAULT_SEAT_SETTINGS, seatsConfig } from './seat-settings.js';
import { countWithShare, formatPoints, seatSummary, usedLine } from './seat-summary.js';
import { classifySeat, countSeats, lastActivity, type SeatMember, seatPressure } from './seats.js';

const NOW = new Date('2026-11-21T08:00:00Z');
const ago = (days: number, hours = 0) =>
  new Date(NOW.getTime() - days * 86_400_000 - hours * 3_600_000).toISOString();
const settings = { graceDays: 30, exempt: ['svc-ci', 'robots'] };
const member = (m: Partial<SeatMember>): SeatMember => ({
  username: 'm',
  type: 'User',
  teams: [],
  dateJoined: ago(400),
  lastSeenAt: null,
  lastLoggedInAt: null,
  ...m,
});

describe('last activity', () => {
  it('is the later of Desktop use and sign-in, and says which', () => {
    expect(lastActivity({ lastSeenAt: ago(3), lastLoggedInAt: ago(10) })).toEqual({
      at: ago(3),
      kind: 'desktop',
    });
    expect(lastActivity({ lastSeenAt: ago(40), lastLoggedInAt: ago(10) })).toEqual({
      at: ago(10),
      kind: 'sign-in',
    });
    expect(lastActivity({ lastSeenAt: null, lastLoggedInAt: ago(10) })).toEqual({
      at: ago(10),
      kind: 'sign-in',
    });
    expect(lastActivity({ lastSeenAt: ago(5), lastLoggedInAt: ago(5) })?.kind).toBe('desktop');
    expect(lastActivity({ lastSeenAt: null, lastLoggedInAt: null })).toBeNull();
  });
});

describe('seat status', () => {
  const status = (m: Partial<SeatMember>) => classifySeat(member(m), settings, NOW);
  it('puts every member in exactly one status, the first that matches', () => {
    expect(status({ type: 'Invitee' }).status).toBe('invite');
    expect(status({ username: 'SVC-CI', lastSeenAt: ago(200) }).status).toBe('exempt');
    expect(status({ teams: ['robots'], lastSeenAt: ago(200) }).status).toBe('exempt');
    expect(status({ exempted: true }).status).toBe('exempt');
    expect(status({ lastSeenAt: ago(29, 23) }).status).toBe('active');
    expect(status({ dateJoined: ago(5), lastSeenAt: ago(2) }).status).toBe('active');
    expect(status({ dateJoined: ago(29, 23) }).status).toBe('new');
    expect(status({ dateJoined: ago(30), lastLoggedInAt: ago(30) })).toMatchObject({
      status: 'idle',
      band: 30,
      idleDays: 30,
    });
    expect(status({ lastSeenAt: ago(59, 23) })).toMatchObject({ status: 'idle', band: 30 });
    expect(status({ lastSeenAt: ago(60) })).toMatchObject({ status: 'idle', band: 60 });
    expect(status({ lastSeenAt: ago(90) })).toMatchObject({ status: 'idle', band: 90 });
    expect(status({ lastSeenAt: ago(400) })).toMatchObject({ status: 'idle', band: 90, idleDays: 400 });
    expect(status({ dateJoined: ago(31) }).status).toBe('never-active');
    expect(status({ dateJoined: null }).status).toBe('never-active');
  });

  it('has no grace period at SEATS_GRACE_DAYS=0', () => {
    expect(classifySeat(member({ dateJoined: ago(1) }), { graceDays: 0, exempt: [] }, NOW).status).toBe(
      'never-active',
    );
  });
});

describe('seat counts and summary', () => {
  const members = [
    member({ lastSeenAt: ago(1) }),
    member({ lastSeenAt: ago(2), isGuest: true } as Partial<SeatMember>),
    member({ lastSeenAt: ago(45) }),
    member({ lastSeenAt: ago(75) }),
    member({ lastSeenAt: ago(120) }),
    member({}),
    member({ dateJoined: ago(3) }),
    member({ username: 'svc-ci' }),
    member({ type: 'Invitee' }),
  ];
  it('counts each status, invites beside members, guests on top', () => {
    const c = countSeats(members, settings, NOW, 2);
    expect(c).toEqual({
      members: 8,
      invites: 3,
      active: 2,
      idle30: 1,
      idle60: 1,
      idle90: 1,
      neverActive: 1,
      newMembers: 1,
      exempt: 1,
      guests: 1,
    });
  });

  it('says used, free, utilization, shares and the idle cost', () => {
    const c = countSeats(members, settings, NOW, 2);
    const s = seatSummary('acme', c, { purchased: 12, pricePerMonth: 24, graceDays: 30 });
    expect(usedLine(s)).toBe('11 of 12 seats used (91.7%), 1 free');
    expect(s.idle).toBe(4);
    expect(s.idleCost).toEqual({ month: 96, year: 1152 });
    expect(countWithShare(s.lines[0] ?? { label: '', count: 0, share: null })).toBe('2 (18.2%)');
    expect(seatPressure(c, { purchased: 12, alertPercent: 90 })).toBe('nearly-full');
    expect(seatPressure(c, { purchased: 10, alertPercent: 90 })).toBe('over');
    expect(usedLine(seatSummary('acme', c, { purchased: 10, pricePerMonth: null, graceDays: 30 }))).toBe(
      '11 of 10 seats used (110.0%), 1 over the seats bought',
    );
    expect(usedLine(seatSummary('acme', c, { purchased: null, pricePerMonth: null, graceDays: 30 }))).toBe(
      '11 seats used',
    );
  });

  it('writes percentage changes in points', () => {
    expect(formatPoints(0.024)).toBe('+2.4 pts');
    expect(formatPoints(-0.01)).toBe('−1.0 pts');
    expect(formatPoints(0)).toBe('±0 pts');
  });
});

describe('seat settings', () => {
  it('has the documented defaults and reads the variables', () => {
    expect(seatsConfig({})).toEqual(DEFAULT_SEAT_SETTINGS);
    expect(
      seatsConfig({
        DOCKER_SEATS: 250,
        DOCKER_SEAT_PRICE: 24,
        SEATS_ANSWER_DAYS: 0,
        SEATS_RECLAIM: 'on',
        SEATS_EXEMPT: ' svc-ci, Robots ,,',
      }),
    ).toMatchObject({
      purchased: 250,
      pricePerMonth: 24,
      answerDays: 0,
      reclaim: true,
      exempt: ['svc-ci', 'robots'],
    });
  });
});
