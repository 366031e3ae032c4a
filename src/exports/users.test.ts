import { describe, expect, it } from 'vitest';
import { USERS_COLUMNS, userRow } from './users.js';

describe('userRow', () => {
  it('writes a member as the Admin Console does: days, teams in one cell, Yes/No', () => {
    expect(USERS_COLUMNS).toEqual([
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
    ]);
    expect(
      userRow({
        name: 'Zoë, "Z" Ångström',
        username: 'zoe',
        email: 'zoe@example.com',
        type: 'User',
        role: 'editor',
        teams: ['platform', 'security'],
        dateJoined: '2024-05-12T09:30:00.193Z',
        lastLoggedInAt: '2026-11-18T23:59:59.000Z',
        lastDesktopVersion: '4.34.2',
        lastSeenAt: '2026-11-19T00:00:00.000Z',
        optedOutAnalytics: true,
      }),
    ).toEqual([
      'Zoë, "Z" Ångström',
      'zoe',
      'zoe@example.com',
      'User',
      'Editor',
      'platform, security',
      '2024-05-12',
      '2026-11-18',
      '4.34.2',
      '2026-11-19',
      'Yes',
    ]);
    expect(
      userRow({
        name: '',
        username: '',
        email: 'new@example.com',
        type: 'Invitee',
        role: '',
        teams: [],
        dateJoined: null,
        lastLoggedInAt: null,
        lastDesktopVersion: null,
        lastSeenAt: null,
        optedOutAnalytics: false,
      }),
    ).toEqual(['', '', 'new@example.com', 'Invitee', '', '', '', '', '', '', 'No']);
  });
});
