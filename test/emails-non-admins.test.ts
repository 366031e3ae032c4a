import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandInMessage } from '../src/sandbox/slack-stand-in-types.js';
import { type Harness, NOW, startHarness } from './support/bot-harness.js';
import { type FakeDocker, generateMembers, startFakeDocker } from './support/fake-docker.js';

const ADMIN = 'U0ADMIN';
const MEMBER = 'U0ANYONE';
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const HEADER =
  'Username,Email,Compliance status,Domain status,Settings status,Assigned policy,Last policy fetch,Docker Desktop version';
const stamp = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

let fake: FakeDocker;
let h: Harness;
let dir: string;

beforeAll(async () => {
  fake = await startFakeDocker({
    org: 'globex',
    credentials: [{ identifier: 'globex', secret: 'dckr_oat_globex' }],
    members: generateMembers(5, { seed: 2, now: NOW }),
    auditLogs: [
      {
        account: 'globex',
        action: 'org.member.invite.send',
        name: 'globex',
        actor: 'owner-olga',
        data: { invitee: 'carol@globex.example.com', role: 'member' },
        timestamp: stamp(new Date(NOW.getTime() - 3_600_000)),
        action_description: 'invited carol@globex.example.com to the organization globex',
      },
    ],
  });
  // The members sync fails with an answer that quotes an email: /insights status shows the last error.
  fake.failNext('/v2/orgs/globex/members', {
    status: 403,
    body: { detail: 'dave@globex.example.com may not read members', message: 'forbidden' },
  });
  h = await startHarness({
    DOCKER_ORG: 'globex',
    DOCKER_TOKEN: 'dckr_oat_globex',
    DOCKER_HUB_URL: fake.hubUrl,
    DOCKER_API_URL: fake.apiUrl,
    INSIGHTS_ADMINS: ADMIN,
  });
  await h.bot.initialSync;
  dir = await mkdtemp(join(tmpdir(), 'insights-emails-'));
  const path = join(dir, 'globex-settings-reporting.csv');
  const row = (name: string, status: string) =>
    `${name},${name}@globex.example.com,${status},Verified,Global policy,Default org policy,2026-11-20T08:00:00Z,4.41.0`;
  await writeFile(path, [HEADER, row('bob', 'Non-compliant'), row('erin', 'Outdated'), ''].join('\n'));
  await h.bot.services.imports.importFile({ path, kind: 'compliance', by: 'test' }, NOW);
}, 60_000);
afterAll(async () => {
  await h?.close();
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs `/insights <text>` as `user` and returns the ephemeral answer only they see, text and blocks. */
async function ask(text: string, user: string): Promise<string> {
  const mine = (s: Harness['slack']) => s.history('C0INSIGHTS', user).filter((m) => m.ephemeralTo === user);
  const before = mine(h.slack).length;
  expect((await h.command(text, { user })).status).toBe(200);
  const answer: StandInMessage = await h.slack.waitFor((s) => mine(s)[before]);
  return `${answer.text ?? ''}\n${JSON.stringify(answer.blocks ?? [])}`;
}

describe('what a non-admin sees after a compliance import', () => {
  it('no email in /insights alerts, silences, status or activity; an admin still sees them', async () => {
    const drift = (await h.bot.services.alerts.open()).find((a) => EMAIL.test(a.fingerprint));
    expect(drift?.fingerprint).toMatch(/bob@globex\.example\.com/);
    expect(await ask(`silence ${drift?.fingerprint} 1h`, ADMIN)).toContain('Silenced');

    for (const command of ['alerts', 'silences', 'status', 'activity since:7d', 'subscriptions']) {
      expect(await ask(command, ADMIN), command).toBeTruthy();
      const answer = await ask(command, MEMBER);
      expect(answer, command).not.toMatch(EMAIL);
    }
    // Not hidden by accident: the admin's answers carry them, and the member's say who in other words.
    expect(await ask('alerts', ADMIN)).toContain('bob@globex.example.com');
    expect(await ask('silences', ADMIN)).toContain('bob@globex.example.com');
    expect(await ask('activity since:7d', ADMIN)).toContain('carol@globex.example.com');
    expect(await ask('status', MEMBER)).toContain('may not read members');
    expect(await ask('alerts', MEMBER)).toContain('a member');
  });
});
