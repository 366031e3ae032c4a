import { describe, expect, it } from 'vitest';
import { importFailure as failure, importFixture as fixture } from '../../../test/support/import-fixtures.js';
import { parseDesktopUsers } from './desktop-users.js';

const HEADER =
  'Name,Username,Email,Type,Role,Teams,Date Joined,Last Logged-In Date,Docker Desktop Version,Last Seen Date,Opted Out Analytics';

describe('parseDesktopUsers', () => {
  it('parses the Admin Console export', async () => {
    const members = await parseDesktopUsers(fixture('desktop-users.csv'));
    expect(members).toHaveLength(10);
    expect(members[0]).toEqual({
      username: 'alice',
      name: 'Alice Example',
      email: 'alice@example.com',
      type: 'User',
      role: 'owner',
      teams: ['platform', 'security'],
      dateJoined: '2024-03-01T00:00:00.000Z',
      lastLoggedInAt: '2026-11-19T08:15:00.000Z',
      lastDesktopVersion: '4.35.0',
      lastSeenAt: '2026-11-20T00:00:00.000Z',
      optedOutAnalytics: false,
    });
    const byName = new Map(members.map((m) => [m.username || m.email, m]));
    expect(byName.get('zoe')).toMatchObject({
      name: 'Zoë Ångström',
      dateJoined: '2024-05-12T09:30:00.193Z',
      lastLoggedInAt: '2026-11-18T17:02:11.000Z',
    });
    expect(byName.get('jjdoe')).toMatchObject({
      name: 'Doe, "JJ" John',
      role: 'editor',
      teams: ['backend', 'frontend', 'data'],
      dateJoined: '2025-03-15T00:00:00.000Z',
      lastSeenAt: '2026-11-20T00:00:00.000Z',
      optedOutAnalytics: true,
    });
    expect(byName.get('bob')).toMatchObject({ lastSeenAt: null, lastDesktopVersion: '4.29.0' });
    expect(byName.get('carol')).toMatchObject({
      teams: ['data', 'ml'],
      dateJoined: '2025-02-14T11:00:00.000Z',
    });
    expect(byName.get('dave@example.com')).toMatchObject({
      username: '',
      type: 'Invitee',
      teams: [],
      dateJoined: null,
      lastSeenAt: null,
      lastDesktopVersion: null,
      optedOutAnalytics: false,
    });
    expect(members.filter((m) => m.optedOutAnalytics).map((m) => m.username)).toEqual([
      'jjdoe',
      'carol',
      'heidi',
    ]);
  });

  it('names the line and column of a bad date', async () => {
    const error = await failure(parseDesktopUsers(fixture('desktop-users-bad-date.csv')));
    expect(error.code).toBe('import_invalid');
    expect(error.line).toBe(5);
    expect(error.column).toBe('Last Seen Date');
    expect(error.message).toMatch(/^line 5, column "Last Seen Date": "31\/02\/2026" is not a date/);
  });

  it('rejects a bad Yes/No, a row without username and email, and a repeated user', async () => {
    const row = (user: string, email: string, optOut: string) =>
      `${user},${user},${email},User,Member,,,,,2026-11-20,${optOut}`;
    let error = await failure(
      parseDesktopUsers(`${HEADER}\n${row('a', 'a@x.io', 'No')}\n${row('b', 'b@x.io', 'maybe')}\n`),
    );
    expect(error.message).toMatch(/^line 3, column "Opted Out Analytics": "maybe" is not Yes or No/);
    error = await failure(parseDesktopUsers(`${HEADER}\n${row('', '', 'No')}\n`));
    expect(error.message).toBe('line 2, column "Username": a row needs a username or an email');
    error = await failure(
      parseDesktopUsers(`${HEADER}\n${row('a', 'a@x.io', '')}\n${row('A', 'a2@x.io', '')}\n`),
    );
    expect(error.message).toBe('line 3, column "Username": "A" is repeated (first on line 2)');
  });

  it('requires the Desktop columns', async () => {
    const error = await failure(parseDesktopUsers('Name,Username,Email,Role\nAda,ada,ada@x.io,Member\n'));
    expect(error.column).toBe('Last Seen Date');
    expect(error.message).toContain('headers found: "Name", "Username", "Email", "Role"');
  });

  it('parses 100,000 rows', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 100_000; i++) {
      lines.push(
        `User ${i},user${i},user${i}@example.com,User,Member,"team-${i % 7}, all",2025-01-01,` +
          `2026-11-19T08:00:00Z,4.35.${i % 3},2026-11-${String(1 + (i % 20)).padStart(2, '0')},${i % 10 === 0 ? 'Yes' : 'No'}`,
      );
    }
    const members = await parseDesktopUsers(`${lines.join('\n')}\n`);
    expect(members).toHaveLength(100_000);
    expect(members[99_999]).toMatchObject({
      username: 'user99999',
      teams: ['team-4', 'all'],
      lastSeenAt: '2026-11-20T00:00:00.000Z',
    });
    expect(members.filter((m) => m.optedOutAnalytics)).toHaveLength(10_000);
  });
});
