/**
 * Acceptance 3 (issue 21): a weekly `seats` subscription posts exactly one seat report per week at its local
 * time (the channel's digest time and zone), also across a restart and with two replicas on one PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { type RunningBot, startBot } from '../src/main.js';
import { type SlackStandIn, startSlackStandIn } from '../src/sandbox/slack-stand-in.js';
import { signedHeaders, slashCommandBody } from '../src/slack/sign.js';
import { type FreshDatabase, freshDatabase, TEST_DATABASE_URL } from './support/databases.js';
import { type FakeDocker, type FakeMember, startFakeDocker } from './support/fake-docker.js';
import { SEATS_NOW, seatMembers } from './support/seat-members.js';

const SECRET = 'seats-report-signing-secret';
const ADMIN = 'U0ADMIN';
const CHANNEL = 'C0INSIGHTS';
let clock = SEATS_NOW.getTime(); // Saturday 2026-11-21 08:00Z
let database: FreshDatabase;
let fake: FakeDocker;
let slack: SlackStandIn;
const bots: RunningBot[] = [];

async function replica(): Promise<RunningBot> {
  const bot = await startBot({
    env: {
      SLACK_BOT_TOKEN: 'xoxb-seats',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${database.schema}`)}`,
      RENDER_WORKERS: '1',
      DOCKER_ORG: 'acme',
      DOCKER_TOKEN: 'dckr_oat_test',
      DOCKER_HUB_URL: fake.hubUrl,
      DOCKER_API_URL: fake.apiUrl,
      INSIGHTS_ADMINS: ADMIN,
      DOCKER_SEATS: '14',
    },
    logger: createLogger({ level: 'silent' }),
    now: () => new Date(clock),
    sleep: async (ms) => {
      clock += ms;
    },
  });
  await bot.initialSync;
  bots.push(bot);
  return bot;
}

async function command(bot: RunningBot, text: string) {
  const body = slashCommandBody({
    text,
    channelId: CHANNEL,
    userId: ADMIN,
    responseUrl: slack.responseUrl(CHANNEL, ADMIN),
  });
  await fetch(`http://127.0.0.1:${bot.port}/slack/events`, {
    method: 'POST',
    headers: signedHeaders(SECRET, body),
    body,
  });
}

/** Both replicas' seat job and report run at once at `iso`, then both queues sent. */
async function tick(iso: string, replicas: RunningBot[]) {
  clock = Date.parse(iso);
  const at = new Date(clock);
  await Promise.all(replicas.flatMap((b) => [b.runJob('seats'), b.services.seatReports.run(at)]));
  for (const b of replicas) await b.queue.drain();
}

const reports = () =>
  slack.history(CHANNEL).filter((m) => /seat report/.test(m.text ?? '') && !m.ephemeralTo);

beforeAll(async () => {
  database = await freshDatabase('postgres');
  fake = await startFakeDocker({ now: () => clock, members: seatMembers() });
  slack = await startSlackStandIn({ token: 'xoxb-seats', now: () => clock });
});
afterAll(async () => {
  for (const b of bots) await b.close().catch(() => undefined);
  await slack?.close();
  await fake?.close();
  await database?.drop();
});

describe('the weekly seat report', () => {
  it('is posted once per week at the channel’s local time, by two replicas and across a restart', async () => {
    let a = await replica();
    const b = await replica();
    await command(a, 'subscribe digest at 09:00 tz Europe/Berlin');
    await slack.waitFor((s) => s.history(CHANNEL, ADMIN).find((m) => /Insights digest/.test(m.text ?? '')));
    await command(a, 'subscribe seats weekly');
    const ok = await slack.waitFor((s) =>
      s.history(CHANNEL, ADMIN).find((m) => /seat report/.test(m.text ?? '')),
    );
    expect(ok.text).toContain('a seat report weekly, on Mondays at 09:00 Europe/Berlin');

    // Monday 09:00 in Berlin is 08:00Z (CET): a minute before, nothing.
    await tick('2026-11-23T07:59:00Z', [a, b]);
    expect(reports()).toEqual([]);
    await tick('2026-11-23T08:00:00Z', [a, b]);
    expect(reports()).toHaveLength(1);
    const [first] = reports();
    expect(first?.text).toMatch(
      /^Weekly seat report — acme · Nov 23: 12 seats used of 14, 7 idle\. This is the first seat report/,
    );

    // A restart later that week sends nothing again; nor does the other replica.
    await a.close();
    bots.splice(bots.indexOf(a), 1);
    a = await replica();
    await tick('2026-11-23T10:00:00Z', [a, b]);
    await tick('2026-11-25T08:00:00Z', [a, b]);
    expect(reports()).toHaveLength(1);

    // A member more, then the next Monday: one more report, with the change in points since the last one.
    fake.members = [
      ...seatMembers(),
      { ...(seatMembers()[2] as FakeMember), username: 'zoe', id: 'f'.repeat(32) },
    ];
    clock = Date.parse('2026-11-29T12:00:00Z');
    await b.services.sync.run(new Date(clock), { only: ['hub-members', 'hub-invites'] });
    await tick('2026-11-30T07:59:00Z', [a, b]);
    expect(reports()).toHaveLength(1);
    await tick('2026-11-30T08:00:00Z', [a, b]);
    expect(reports()).toHaveLength(2);
    const second = reports()[1];
    expect(second?.text).toContain('Weekly seat report — acme · Nov 30');
    expect(second?.text).toContain(
      'Since 2026-11-23: utilization +7.1 pts (12 → 13 of 14 used), idle seats +1 (now 8).',
    );
    const keys = await a.db.query<{ key: string }>(
      "SELECT key FROM delivery_queue WHERE key LIKE 'seats-report:%' ORDER BY id",
    );
    expect(keys.map((k) => k.key)).toEqual([
      'seats-report:C0INSIGHTS:2026-11-23',
      'seats-report:C0INSIGHTS:2026-11-30',
    ]);
  });
});
