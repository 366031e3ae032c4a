import { describe, expect, it } from 'vitest';
import { importFixture as fixture } from '../../../test/support/import-fixtures.js';
import { ImportError } from './csv.js';
import { parseHubMembers } from './hub-members.js';

describe('parseHubMembers', () => {
  it('parses the Hub members export', async () => {
    const members = await parseHubMembers(fixture('hub-members.csv'));
    expect(members).toHaveLength(4);
    expect(members[0]).toEqual({
      username: 'alice',
      name: 'Alice Example',
      email: 'alice@example.com',
      type: 'User',
      role: 'owner',
      teams: ['team-1', 'team-2'],
      dateJoined: '2020-01-01T15:00:51.193Z',
      lastLoggedInAt: null,
      lastDesktopVersion: null,
      lastSeenAt: null,
      optedOutAnalytics: false,
    });
    expect(members[2]).toMatchObject({
      username: '',
      email: 'new.hire@example.com',
      type: 'Invitee',
      teams: [],
    });
    expect(members[3]?.name).toBe('Zoë Ångström');
  });

  it('accepts Role for Permission, in any case', async () => {
    const members = await parseHubMembers(
      'USERNAME,e-mail,role,date_joined\nbob,bob@x.io,Member,2021-06-15\n',
    );
    expect(members).toEqual([
      expect.objectContaining({ username: 'bob', email: 'bob@x.io', role: 'member' }),
    ]);
  });

  it('names the line and column of a bad date', async () => {
    const error = await parseHubMembers('Username,Date Joined\nbob,2021-06-15\nann,someday\n').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toMatch(/^line 3, column "Date Joined": "someday" is not a date/);
  });

  it('requires a Username or Email column', async () => {
    const error = await parseHubMembers('Name,Teams\nAda,x\n').catch((e: unknown) => e);
    expect((error as ImportError).message).toContain('missing required column "Username" or "Email"');
  });
});
