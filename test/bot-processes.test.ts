import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDays, toDay } from '../src/domain/period.js';
import { type SlackStandIn, startSlackStandIn } from '../src/sandbox/slack-stand-in.js';
import type { Db } from '../src/store/db.js';
import { createSubscriptionsRepo } from '../src/store/subscriptions-repo.js';
import { exited, runCli, serveCli, startCli } from './support/cli.js';
import { freshDatabase, TEST_DATABASE_URL } from './support/databases.js';
import { compliantMetrics, POLICY_ROOT, startFakeScout } from './support/fake-scout.js';

// Real bot processes (the compiled CLI) sharing one PostgreSQL schema and one Slack stand-in.
const TOKEN = 'xoxb-processes';
const CHANNELS = ['C0GENERAL', 'C0INSIGHTS'];

let slack: SlackStandIn;
let database: { db: Db; schema?: string; drop(): Promise<void> };
let env: Record<string, string>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  slack = await startSlackStandIn({ token: TOKEN });
});
afterAll(async () => {
  await slack.close();
});
afterEach(async () => {
  for (const child of children.splice(0)) {
    child.kill('SIGKILL');
    await exited(child);
  }
  await database?.drop();
  slack.reset();
});

async function setUp(): Promise<void> {
  database = await freshDatabase('postgres');
  const subscriptions = createSubscriptionsRepo(database.db);
  for (const channel of CHANNELS) {
    // 00:00 UTC: the newest data day is always due, whatever the wall clock says.
    await subscriptions.subscribe(
      { channel, kind: 'digest', options: { at: '00:00', timeZone: 'UTC' }, createdBy: 'U0ADMIN' },
      new Date(),
    );
  }
  env = {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: 'processes-signing-secret',
    SLACK_APP_TOKEN: '',
    SLACK_API_URL: slack.apiUrl,
    DATABASE_URL: `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${database.schema}`)}`,
    RENDER_WORKERS: '1',
    LOG_LEVEL: 'warn',
  };
}

const digestFiles = (channel: string) =>
  slack
    .history(channel)
    .flatMap((m) => m.files ?? [])
    .map((f) => f.filename)
    .filter((name) => name.includes('-digest-'));

const deliveryStates = async () =>
  (
    await database.db.query<{ state: string }>("SELECT state FROM delivery_queue WHERE key LIKE 'digest:%'")
  ).map((r) => r.state);

// Each test starts several Node processes: allow for a loaded CI machine.
describe('bot processes on one PostgreSQL database', { timeout: 60_000 }, () => {
  it('two processes running the digest job at once send one digest per channel and data day', async () => {
    await setUp();
    const today = toDay(new Date());
    const bothAt = async (lagDays: number) => {
      const runs = await Promise.all([
        runCli(['digest'], { ...env, DEMO_LAG_DAYS: String(lagDays) }),
        runCli(['digest'], { ...env, DEMO_LAG_DAYS: String(lagDays) }),
      ]);
      for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
      return runs.map((r) => Number(/queued (\d+) digest/.exec(r.stdout)?.[1]));
    };

    // Docker's data is a day late: the data day is the day before yesterday.
    const late = addDays(today, -2);
    expect((await bothAt(1)).reduce((a, b) => a + b)).toBe(CHANNELS.length);
    for (const c of CHANNELS) expect(digestFiles(c)).toEqual([`acme-digest-${late}.png`]);

    // Both again: nothing new.
    expect(await bothAt(1)).toEqual([0, 0]);
    for (const c of CHANNELS) expect(digestFiles(c)).toHaveLength(1);

    // The data catches up by a day: the next digest, once per channel.
    const fresh = addDays(today, -1);
    expect((await bothAt(0)).reduce((a, b) => a + b)).toBe(CHANNELS.length);
    for (const c of CHANNELS)
      expect(digestFiles(c)).toEqual([`acme-digest-${late}.png`, `acme-digest-${fresh}.png`]);
  });

  for (const handled of [false, true]) {
    it(`a process killed (SIGKILL) before Slack answers the digest upload: the restarted bot delivers it once (Slack ${handled ? 'had' : 'never had'} it)`, async () => {
      await setUp();
      const leased = { ...env, DELIVERY_LEASE_SECONDS: '1' };
      slack.hangNext('files.completeUploadExternal', { handled, channel: 'C0GENERAL' });
      const killed = startCli(['digest'], leased);
      await slack.waitFor(
        (s) => s.calls.some((c) => c.method === 'files.completeUploadExternal' && c.status === 0),
        15_000,
      );
      // The process is stopped mid-call; the stand-in never answers it.
      killed.child.kill('SIGKILL');
      expect((await killed.done).code).toBeNull();
      expect(await deliveryStates()).toContain('sending');

      const restarted = serveCli(leased);
      children.push(restarted.child);
      await restarted.ready;
      // The restarted bot looks the uncertain post up in the channel, and every channel has its digest;
      // then it stops gracefully, which waits for the send in flight to be recorded.
      await slack.waitFor(
        (s) =>
          s.calls.some((c) => c.method === 'conversations.history') &&
          CHANNELS.every((c) => digestFiles(c).length > 0),
        15_000,
      );
      restarted.child.kill('SIGTERM');
      await exited(restarted.child);
      expect(await deliveryStates()).toEqual(['sent', 'sent']);
      for (const c of CHANNELS) expect(digestFiles(c)).toHaveLength(1);
      const completed = slack.calls.filter(
        (c) => c.method === 'files.completeUploadExternal' && c.status === 200,
      );
      // C0INSIGHTS once; C0GENERAL once more only if Slack never had the first upload.
      expect(completed).toHaveLength(handled ? 1 : 2);
    });
  }

  it('`insights-bot sync` in its own process scrapes the Scout exporter; the serving bot posts the failing policy', async () => {
    await setUp();
    const scout = await startFakeScout();
    try {
      const metrics = compliantMetrics();
      scout.setMetrics({
        ...metrics,
        policies: metrics.policies.map((p) =>
          p.id === POLICY_ROOT.id && p.stream === 'production' ? { ...p, compliant: 9 } : p,
        ),
      });
      await createSubscriptionsRepo(database.db).subscribe(
        {
          channel: 'C0SECURITY',
          kind: 'scout',
          options: { minSeverity: 'low', threadUpdates: true },
          createdBy: 'U0ADMIN',
        },
        new Date(),
      );
      const scoutEnv = {
        ...env,
        DOCKER_ORG: 'acme',
        SCOUT_TOKEN: scout.ownerToken,
        SCOUT_API_URL: scout.url,
      };
      const serving = serveCli(scoutEnv);
      children.push(serving.child);
      await serving.ready;
      // The serving bot only scrapes on its 10-minute schedule: the scrape below is the sync's.
      expect(scout.requests).toHaveLength(0);

      const synced = await runCli(['sync'], scoutEnv);
      expect(synced, synced.stderr).toMatchObject({ code: 0, stderr: '' });
      expect(synced.stdout).toMatch(
        /^ok +scout-metrics: 2 streams, 4 policy results \(1 failing\), 1 alerts opened/m,
      );
      expect(scout.requests).toHaveLength(1);
      const post = await slack.waitFor(
        (s) =>
          s.history('C0SECURITY').find((m) => JSON.stringify(m.blocks).includes('Default non-root user')),
        15_000,
      );
      expect(post.text).toMatch(/^:rotating_light: 1 new scout alert/);

      const only = await runCli(['sync', '--only', 'scout-metrics'], scoutEnv);
      expect(only.stdout.trim().split('\n')).toHaveLength(1);
      const unknown = await runCli(['sync', '--only', 'scout-metric'], scoutEnv);
      expect(unknown).toMatchObject({ code: 2 });
      expect(unknown.stderr).toContain('Unknown source "scout-metric". Did you mean "scout-metrics"?');
      const off = await runCli(['sync', '--only', 'hub-members'], scoutEnv);
      expect(off).toMatchObject({ code: 2 });
      expect(off.stderr).toContain('Not configured: hub-members.');
    } finally {
      await scout.close();
    }
  });
});
