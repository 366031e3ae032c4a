import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../src/domain/activity-event.js';
import { type SlackStandIn, startSlackStandIn } from '../src/sandbox/slack-stand-in.js';
import { createActivityRepo } from '../src/store/activity-repo.js';
import { exited, serveCli } from './support/cli.js';
import { type FreshDatabase, freshDatabase, TEST_DATABASE_URL } from './support/databases.js';
import { type FakeHec, startFakeHec } from './support/fake-hec.js';
import { idsOf } from './support/siem.js';
import { until } from './support/until.js';

// Real bot processes (the compiled CLI) on one PostgreSQL schema, forwarding to one HEC test server.
const TOKEN = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const EVENTS = 3000;

let slack: SlackStandIn;
let hec: FakeHec;
let database: FreshDatabase;
const children: ChildProcess[] = [];

beforeAll(async () => {
  slack = await startSlackStandIn({ token: 'xoxb-siem' });
  hec = await startFakeHec({ token: TOKEN });
  database = await freshDatabase('postgres');
  // The stored activity log a new destination backfills (SIEM_BACKFILL_DAYS).
  const start = Date.now() - 86_400_000;
  const events: ActivityEvent[] = Array.from({ length: EVENTS }, (_, i) => ({
    id: `event-${i}`,
    at: new Date(start + i * 1000).toISOString(),
    action: i % 10 === 0 ? 'org.member.role.change' : 'repo.tag.push',
    name: `acme/service-${i % 25}`,
    actor: `user-${i % 40}`,
    data: { n: String(i) },
    description: 'event',
  }));
  await createActivityRepo(database.db).insert('acme', events);
});
afterAll(async () => {
  for (const child of children.splice(0)) {
    child.kill('SIGKILL');
    await exited(child);
  }
  await database?.drop();
  await hec?.close();
  await slack?.close();
});

function serve() {
  const bot = serveCli({
    SLACK_BOT_TOKEN: 'xoxb-siem',
    SLACK_SIGNING_SECRET: 'siem-processes-signing-secret',
    SLACK_APP_TOKEN: '',
    SLACK_API_URL: slack.apiUrl,
    DATABASE_URL: `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${database.schema}`)}`,
    RENDER_WORKERS: '1',
    LOG_LEVEL: 'warn',
    SIEM_SPLUNK_URL: hec.url,
    SIEM_SPLUNK_TOKEN: TOKEN,
    SIEM_BACKFILL_DAYS: '7',
  });
  children.push(bot.child);
  return bot;
}

describe('SIEM forwarding across processes', { timeout: 90_000 }, () => {
  it('a bot killed mid-batch loses nothing; two replicas on one PostgreSQL send each record once', async () => {
    const stalled = hec.hang();
    const first = serve();
    await first.ready;
    // The backfill is queued at start; the first batch is at HEC, unanswered: kill the bot now.
    await stalled;
    first.child.kill('SIGKILL');
    await exited(first.child);
    hec.release();
    expect(hec.indexed).toHaveLength(0);

    const replicas = [serve(), serve()];
    await Promise.all(replicas.map((r) => r.ready));
    // A record leaves the outbox only once HEC took it, so an empty outbox means every send is over.
    await until(
      'an empty outbox',
      async () =>
        (await database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM siem_outbox'))[0]?.n === 0,
      60_000,
    );
    const events = hec.indexed.map((e) => e.event);
    expect(events).toHaveLength(EVENTS);
    expect(idsOf(events).repeated).toEqual([]);
    expect(idsOf(events).ids.size).toBe(EVENTS);
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(['activity']));
  });
});
