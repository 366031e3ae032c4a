/**
 * A small organization for the seats tests, in the Hub API's `org_member` shape (the fake Docker server
 * serves it), with one member at each seat status. At NOW (2026-11-21T08:00Z) with SEATS_EXEMPT=robots and
 * the default 30-day grace period, the statuses are the ones in `EXPECTED`, worked out by hand.
 */
import type { FakeMember } from './fake-docker-data.js';

export const SEATS_NOW = new Date('2026-11-21T08:00:00Z');
const DAY = 86_400_000;
const ago = (days: number, hours = 0) =>
  new Date(SEATS_NOW.getTime() - days * DAY - hours * 3_600_000).toISOString().replace('Z', '000Z');

function member(
  username: string,
  fields: Partial<FakeMember> & { seen?: number; login?: number; joined?: number },
): FakeMember {
  const { seen, login, joined, ...rest } = fields;
  return {
    id: Buffer.from(username).toString('hex').padEnd(32, '0').slice(0, 32),
    company: '',
    date_joined: ago(joined ?? 700),
    full_name: `${username[0]?.toUpperCase()}${username.slice(1)} Example`,
    gravatar_email: '',
    gravatar_url: '',
    location: '',
    profile_url: '',
    type: 'User',
    username,
    email: `${username}@acme.example`,
    role: 'Member',
    groups: ['developers'],
    is_guest: false,
    ...(seen === undefined ? {} : { last_seen_at: ago(seen), last_desktop_version: '4.40.0' }),
    ...(login === undefined ? {} : { last_logged_in_at: ago(login) }),
    ...rest,
  };
}

export function seatMembers(): FakeMember[] {
  return [
    member('alice', { role: 'Owner', groups: ['owners'], seen: 1, login: 5 }), // active (Desktop)
    member('bob', { role: 'Owner', groups: ['owners'], seen: 40, login: 35 }), // idle 30 (sign-in)
    member('carol', { seen: 65 }), // idle 60 (Desktop)
    member('dave', { seen: 100, login: 95 }), // idle 90 (sign-in)
    member('erin', {}), // never active
    member('frank', { joined: 10 }), // new (grace period)
    member('grace', { groups: ['robots'], seen: 200 }), // exempt (SEATS_EXEMPT=robots)
    member('heidi', { seen: 3, is_guest: true, email: 'heidi@gmail.example' }), // active, guest
    member('ivan', { seen: 29, login: 40 }), // active (29 days)
    member('judy', { login: 30 }), // idle 30 (exactly 30 days)
    member('newbie@elsewhere.example', { role: 'Invitee', groups: [], full_name: '' }), // invite
    member('karl', { role: 'Invitee', groups: ['qa'], full_name: '' }), // invite
  ];
}

/** With DOCKER_SEATS=13: 10 members + 2 invites = 12 used (92.3%), 1 free. */
export const EXPECTED = {
  members: 10,
  invites: 2,
  active: 3,
  idle30: 2,
  idle60: 1,
  idle90: 1,
  neverActive: 1,
  newMembers: 1,
  exempt: 1,
  guests: 1,
};

/** Idle and never active, the longest idle first. */
export const IDLE_ORDER = ['erin', 'dave', 'carol', 'bob', 'judy'];
