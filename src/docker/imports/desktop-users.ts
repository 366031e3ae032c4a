import type { Member } from '../../domain/insights.js';
import { type ColumnAliases, type Columns, type CsvRow, type ImportInput, quote, readCsv } from './csv.js';
import { parseBoolean, parseList, parseTimestamp, TIMESTAMP_FORMATS } from './values.js';

/** The columns of the Admin Console "Docker Desktop users" export (docker-apis.md §4). */
export const DESKTOP_USERS_HEADERS = {
  name: ['Name', 'Full name'],
  username: ['Username', 'User name', 'Docker ID'],
  email: ['Email', 'Email address'],
  type: ['Type'],
  role: ['Role', 'Permission'],
  teams: ['Teams', 'Groups'],
  dateJoined: ['Date Joined', 'Joined'],
  lastLoggedInAt: ['Last Logged-In Date', 'Last Logged In', 'Last Login Date', 'Last Sign-In Date'],
  lastDesktopVersion: ['Docker Desktop Version', 'Desktop Version', 'Last Desktop Version'],
  lastSeenAt: ['Last Seen Date', 'Last Seen'],
  optedOutAnalytics: ['Opted Out Analytics', 'Opted Out of Analytics', 'Analytics Opted Out'],
} satisfies ColumnAliases<Exclude<keyof Member, 'isGuest'>>;

export type MemberField = keyof typeof DESKTOP_USERS_HEADERS;

/** Collects members row by row, rejecting a row without username and email, or a repeated member. */
export class MemberCollector {
  readonly members: Member[] = [];
  private readonly seen = new Map<string, number>();

  constructor(private readonly withDesktopFields: boolean) {}

  checkHeader(columns: Columns<MemberField>): void {
    columns.require('username', 'email');
    if (this.withDesktopFields) {
      columns.require('lastSeenAt');
      columns.require('optedOutAnalytics');
    }
  }

  add(row: CsvRow<MemberField>): void {
    const username = row.get('username');
    const email = row.get('email');
    if (!username && !email) {
      row.fail(row.has('username') ? 'username' : 'email', 'a row needs a username or an email');
    }
    const key = username ? `u:${username.toLowerCase()}` : `e:${email.toLowerCase()}`;
    const previous = this.seen.get(key);
    if (previous !== undefined) {
      row.fail(
        username ? 'username' : 'email',
        `${quote(username || email)} is repeated (first on line ${previous})`,
      );
    }
    this.seen.set(key, row.line);

    const desktop = this.withDesktopFields;
    this.members.push({
      username,
      name: row.get('name'),
      email,
      type: row.get('type'),
      role: row.get('role').toLowerCase(),
      teams: parseList(row.get('teams')),
      dateJoined: timestamp(row, 'dateJoined'),
      lastLoggedInAt: desktop ? timestamp(row, 'lastLoggedInAt') : null,
      lastDesktopVersion: desktop ? row.optional('lastDesktopVersion') : null,
      lastSeenAt: desktop ? timestamp(row, 'lastSeenAt') : null,
      optedOutAnalytics: desktop ? boolean(row, 'optedOutAnalytics') : false,
    });
  }
}

function timestamp(row: CsvRow<MemberField>, field: MemberField): string | null {
  const text = row.get(field);
  const value = parseTimestamp(text);
  if (value === undefined) row.fail(field, `${quote(text)} is not a date (expected ${TIMESTAMP_FORMATS})`);
  return value;
}

function boolean(row: CsvRow<MemberField>, field: MemberField): boolean {
  const text = row.get(field);
  const value = parseBoolean(text);
  if (value === undefined)
    row.fail(field, `${quote(text)} is not Yes or No (expected Yes/No, true/false, 1/0)`);
  return value;
}

/**
 * Parses the "Docker Desktop users" CSV export. Needs a Username or Email column, Last Seen Date
 * and Opted Out Analytics; every row needs a username or an email. Throws an ImportError at the first bad row.
 */
export async function parseDesktopUsers(input: ImportInput): Promise<Member[]> {
  const collector = new MemberCollector(true);
  await readCsv(
    input,
    DESKTOP_USERS_HEADERS,
    (columns) => collector.checkHeader(columns),
    (row) => collector.add(row),
  );
  return collector.members;
}
