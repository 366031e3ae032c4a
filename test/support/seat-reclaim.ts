/**
 * The reclaim tests' organization and Slack: the seats organization (./seat-members.ts) plus `kim`, idle
 * 120 days with no Slack account; Slack users with the members' Docker emails; and pressing a button of a
 * message (an ephemeral answer or a DM) as Slack would send it.
 */
import type { StandInMessage } from '../../src/sandbox/slack-stand-in-types.js';
import { blockActionsBody, signedHeaders } from '../../src/slack/sign.js';
import { type Harness, SIGNING_SECRET, startHarness } from './bot-harness.js';
import { type FakeDocker, type FakeMember, startFakeDocker } from './fake-docker.js';
import { SEATS_NOW, seatMembers } from './seat-members.js';
import { until } from './until.js';

export const ADMIN = 'U0ADMIN';
/** Slack users of the members (kim has none). */
export const SLACK_USERS: Record<string, string> = {
  bob: 'U0BOB',
  carol: 'U0CAROL',
  dave: 'U0DAVE',
  erin: 'U0ERIN',
  frank: 'U0FRANK',
  grace: 'U0GRACE',
  judy: 'U0JUDY',
};

export function reclaimMembers(): FakeMember[] {
  const kim = {
    ...(seatMembers()[2] as FakeMember),
    id: 'b'.repeat(32),
    username: 'kim',
    full_name: 'Kim Example',
    email: 'kim@acme.example',
    last_seen_at: new Date(SEATS_NOW.getTime() - 120 * 86_400_000).toISOString(),
  };
  return [...seatMembers(), kim];
}

export async function startReclaim(
  env: Record<string, string> = {},
): Promise<{ h: Harness; fake: FakeDocker; clock: { t: number } }> {
  const clock = { t: SEATS_NOW.getTime() };
  const fake = await startFakeDocker({ now: () => clock.t, members: reclaimMembers() });
  const h = await startHarness({
    DOCKER_ORG: 'acme',
    DOCKER_TOKEN: 'dckr_oat_test',
    DOCKER_HUB_URL: fake.hubUrl,
    DOCKER_API_URL: fake.apiUrl,
    INSIGHTS_ADMINS: ADMIN,
    DOCKER_SEATS: '13',
    SEATS_EXEMPT: 'robots',
    ...env,
  });
  await h.bot.initialSync;
  for (const [username, id] of Object.entries(SLACK_USERS))
    h.slack.addUser({ id, email: `${username}@acme.example` });
  return { h, fake, clock };
}

/** Presses the button `actionId` of `message` as `user`. */
export async function press(
  h: Harness,
  message: StandInMessage,
  actionId: string,
  user: string,
): Promise<Response> {
  const blocks = (message.blocks ?? []) as Array<{
    type: string;
    block_id?: string;
    elements?: Array<{ action_id?: string; value?: string }>;
  }>;
  const block = blocks.find((b) => b.type === 'actions' && b.elements?.some((e) => e.action_id === actionId));
  const button = block?.elements?.find((e) => e.action_id === actionId);
  if (!block || !button) throw new Error(`no ${actionId} button in the message`);
  const body = blockActionsBody({
    userId: user,
    channelId: message.channel,
    messageTs: message.ts,
    actionId,
    blockId: block.block_id ?? 'actions',
    value: button.value,
    responseUrl: h.slack.responseUrl(message.channel, user, message.ts),
  });
  return fetch(`http://127.0.0.1:${h.bot.port}/slack/events`, {
    method: 'POST',
    headers: signedHeaders(SIGNING_SECRET, body),
    body,
  });
}

/** The button of `actionId` in a message, if any. */
export function buttonOf(message: StandInMessage | undefined, actionId: string) {
  const blocks = (message?.blocks ?? []) as Array<{
    elements?: Array<{ action_id?: string; value?: string; confirm?: unknown; text?: { text: string } }>;
  }>;
  return blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId);
}

/** The messages of `user`'s DM with the bot. */
export function dm(h: Harness, user: string): StandInMessage[] {
  const channel = [...h.slack.channels.values()].find((c) => c.isIm && c.imUser === user);
  return channel ? h.slack.history(channel.id).filter((m) => !m.ephemeralTo) : [];
}

/** The latest ephemeral answer to `user` in `channel` matching `pattern`. */
export function ephemeralTo(h: Harness, user: string, pattern: RegExp, channel = 'C0INSIGHTS') {
  return h.slack.waitFor((s) =>
    s
      .history(channel, user)
      .filter((m) => m.ephemeralTo === user && pattern.test(`${m.text} ${JSON.stringify(m.blocks ?? [])}`))
      .at(-1),
  );
}

/** Waits until `username`'s latest ask is in `state` (a button's work goes on after Slack got its ack). */
export function askState(h: Harness, username: string, state: string): Promise<unknown> {
  return until(`${username}'s ask to be ${state}`, async () => {
    const [row] = await h.bot.db.query<{ state: string }>(
      'SELECT state FROM seat_asks WHERE username = $1 ORDER BY id DESC LIMIT 1',
      [username],
    );
    return row?.state === state;
  });
}
