import { describe, expect, it } from 'vitest';
import { seatRow } from './seats.js';

describe('seat rows', () => {
  it('writes a member as the spreadsheet should see it', () => {
    expect(
      seatRow({
        username: 'dave',
        name: 'Dave García',
        email: 'dave@acme.example',
        role: 'member',
        teams: ['backend', 'sre'],
        dateJoined: '2024-01-05T10:00:00.000Z',
        lastLoggedInAt: '2026-08-18T08:00:00.000Z',
        lastSeenAt: '2026-08-13T08:00:00.000Z',
        lastDesktopVersion: '4.40.0',
        activity: { at: '2026-08-18T08:00:00.000Z', kind: 'sign-in' },
        idleDays: 95,
        status: 'idle',
        reclaim: 'unanswered',
      }),
    ).toEqual([
      'dave',
      'Dave García',
      'dave@acme.example',
      'Member',
      'backend, sre',
      '2024-01-05',
      '2026-08-18',
      '2026-08-13',
      '4.40.0',
      '2026-08-18',
      'sign-in',
      95,
      'idle',
      'unanswered',
    ]);
  });

  it('leaves unknown values empty (a never-active member, an invite)', () => {
    const row = seatRow({
      username: '',
      name: '',
      email: 'new@elsewhere.example',
      role: 'Invitee',
      teams: [],
      dateJoined: null,
      lastLoggedInAt: null,
      lastSeenAt: null,
      lastDesktopVersion: null,
      activity: null,
      idleDays: null,
      status: 'invite',
      reclaim: '',
    });
    expect(row).toEqual([
      '',
      '',
      'new@elsewhere.example',
      'Invitee',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      'invite',
      '',
    ]);
  });
});
