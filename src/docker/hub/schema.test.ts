import { describe, expect, it } from 'vitest';
import { InvitesList, MembersPage } from './schema.js';

describe('the Hub members page', () => {
  it('keeps an invitee without a username (keyed by email) and leaves out an entry that names nobody', () => {
    const page = MembersPage.parse({
      next: null,
      results: [
        { username: 'bob', email: 'bob@acme.example', role: 'Member', groups: ['dev'] },
        // The spec's role enum has Invitee; such an entry may have no username yet.
        { username: null, email: 'new@acme.example', role: 'Invitee' },
        { username: null, email: null, role: 'Invitee' },
      ],
    });
    expect(page.results.map((m) => [m.username, m.email, m.role])).toEqual([
      ['bob', 'bob@acme.example', 'Member'],
      ['', 'new@acme.example', 'Invitee'],
    ]);
  });

  it('still refuses a page that is not the documented shape', () => {
    expect(MembersPage.safeParse({ results: [{ username: 42 }] }).success).toBe(false);
  });
});

describe('the Hub invites list', () => {
  it('leaves out an invite that names no invitee, not the whole list', () => {
    const list = InvitesList.parse({
      data: [
        { id: 'a', inviter_username: 'owner', invitee: 'new@acme.example', team: 'dev' },
        { id: 'b', inviter_username: 'owner', invitee: null },
        { id: 'c', inviter_username: 'owner' },
      ],
    });
    expect(list.data.map((i) => i.invitee)).toEqual(['new@acme.example']);
  });
});
