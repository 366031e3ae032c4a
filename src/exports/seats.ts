import { roleLabel, type SeatRecord } from '../domain/seat-records.js';
import type { SeatStatus } from '../domain/seats.js';
import { isoDay, type Row } from './csv.js';

/** `/insights export seats`: one row per member and pending invite (docs/seats.md). */
export const SEATS_COLUMNS = [
  'Username',
  'Name',
  'Email',
  'Role',
  'Teams',
  'Joined',
  'Last Sign-In',
  'Desktop Last Seen',
  'Desktop Version',
  'Last Activity',
  'Activity Kind',
  'Days Idle',
  'Status',
  'Reclaim State',
] as const;

const STATUS: Record<SeatStatus, string> = {
  active: 'active',
  idle: 'idle',
  'never-active': 'never active',
  new: 'new',
  exempt: 'exempt',
  invite: 'invite',
};

const KIND = { desktop: 'Docker Desktop', 'sign-in': 'sign-in' } as const;

/** One member or invite: days as `YYYY-MM-DD` (UTC), teams joined by ", ", days idle as a number. */
export function seatRow(r: SeatRecord): Row {
  return [
    r.username,
    r.name,
    r.email,
    roleLabel(r.role),
    r.teams.join(', '),
    isoDay(r.dateJoined),
    isoDay(r.lastLoggedInAt),
    isoDay(r.lastSeenAt),
    r.lastDesktopVersion ?? '',
    isoDay(r.activity?.at),
    r.activity ? KIND[r.activity.kind] : '',
    r.idleDays ?? '',
    STATUS[r.status],
    r.reclaim,
  ];
}

/** The rows of records that arrive a page at a time, a page at a time. */
export async function* seatRowsOf(pages: AsyncIterable<SeatRecord[]>): AsyncGenerator<Iterable<Row>> {
  for await (const page of pages) yield page.map(seatRow);
}
