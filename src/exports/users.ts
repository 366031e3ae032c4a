import type { Member } from '../domain/insights.js';
import { isoDay, type Row } from './csv.js';

/** The Admin Console's "Docker Desktop users" export, column for column. */
export const USERS_COLUMNS = [
  'Name',
  'Username',
  'Email',
  'Type',
  'Role',
  'Teams',
  'Date Joined',
  'Last Logged-In Date',
  'Docker Desktop Version',
  'Last Seen Date',
  'Opted Out Analytics',
] as const;

/** One member as the Admin Console writes it: days as `YYYY-MM-DD`, teams joined by ", ", `Yes`/`No`. */
export function userRow(m: Member): Row {
  return [
    m.name,
    m.username,
    m.email,
    m.type,
    capitalise(m.role),
    m.teams.join(', '),
    isoDay(m.dateJoined),
    isoDay(m.lastLoggedInAt),
    m.lastDesktopVersion ?? '',
    isoDay(m.lastSeenAt),
    m.optedOutAnalytics ? 'Yes' : 'No',
  ];
}

export function* userRows(members: Iterable<Member>): Generator<Row> {
  for (const m of members) yield userRow(m);
}

/** The rows of members that arrive a page at a time, a page at a time. */
export async function* userRowsOf(
  pages: Iterable<Member[]> | AsyncIterable<Member[]>,
): AsyncGenerator<Iterable<Row>> {
  for await (const page of pages) yield userRows(page);
}

/** Roles are stored lowercase (`owner`); the Admin Console writes `Owner`. */
function capitalise(text: string): string {
  return text.length > 0 ? text[0]?.toUpperCase() + text.slice(1) : text;
}
