import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackStandIn } from './slack-stand-in.js';
import { startSlackStandIn } from './slack-stand-in.js';
import { client, slackError, TOKEN } from './slack-stand-in.test-support.js';

let standIn: SlackStandIn;
beforeAll(async () => {
  standIn = await startSlackStandIn({
    token: TOKEN,
    users: [{ id: 'U0DAVE', email: 'dave@acme.example', name: 'dave' }],
  });
});
afterAll(async () => {
  await standIn.close();
});

describe('users.lookupByEmail', () => {
  it('finds a person by email, in any case, with their profile email', async () => {
    const res = await client(standIn).users.lookupByEmail({ email: 'Dave@ACME.example' });
    expect(res.user?.id).toBe('U0DAVE');
    expect(res.user?.profile?.email).toBe('dave@acme.example');
    const info = await client(standIn).users.info({ user: 'U0DAVE' });
    expect(info.user?.profile?.email).toBe('dave@acme.example');
  });

  it('answers users_not_found for an email nobody has, and knows people added later (also after reset)', async () => {
    expect(await slackError(client(standIn).users.lookupByEmail({ email: 'erin@acme.example' }))).toBe(
      'users_not_found',
    );
    standIn.addUser({ id: 'U0ERIN', email: 'erin@acme.example' });
    standIn.reset();
    expect((await client(standIn).users.lookupByEmail({ email: 'erin@acme.example' })).user?.id).toBe(
      'U0ERIN',
    );
  });
});
