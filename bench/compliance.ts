import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createCompliance } from '../src/app/compliance.js';
import { createLogger } from '../src/logger.js';
import { startBot } from '../src/main.js';
import { startSlackStandIn } from '../src/sandbox/slack-stand-in.js';
import { signedHeaders, slashCommandBody } from '../src/slack/sign.js';
import { openDatabase } from '../src/store/db.js';
import { TEST_DATABASE_URL } from '../test/support/databases.js';
import { ms, percentile } from './stats.js';

const ORG = 'bigcorp';
const ROWS = 100_000;
const RUNS = 40;
const SECRET = 'bench-signing-secret';
const ADMIN = 'U0ADMIN';
const HEADER =
  'Username,Email,Machine ID,Compliance status,Domain status,Settings status,Assigned policy,Last policy fetch,Docker Desktop version';
/** About 9 in 10 compliant, the rest spread over the other statuses, as a large organization might look. */
const STATUSES = ['Non-compliant', 'Outdated', 'No policy assigned', 'Uncontrolled domain', 'Unknown'];

function report(): string {
  const rows = [HEADER];
  for (let i = 0; i < ROWS; i++) {
    const status = i % 10 === 0 ? (STATUSES[(i / 10) % STATUSES.length] ?? 'Unknown') : 'Compliant';
    const machine = i % 3 === 0 ? `MAC-${i}` : '';
    rows.push(
      `user${i},user${i}@example.com,${machine},${status},Verified,Global policy,Default org policy,2026-11-20T08:00:00Z,4.${40 + (i % 6)}.0`,
    );
  }
  return `${rows.join('\n')}\n`;
}

/**
 * `/insights compliance` over a 100,000-row Settings Reporting report on PostgreSQL, with the drift
 * alerts its import opened (10,000): the signed command to the running bot (HTTP receiver, in this
 * process) until its ephemeral answer reaches the Slack stand-in, for an admin and for anyone else;
 * and the store read alone.
 */
export async function benchCompliance(): Promise<Record<string, string>> {
  const schema = `bench_compliance_${process.pid}`;
  const setup = await openDatabase({ databaseUrl: TEST_DATABASE_URL, schema });
  await setup.close();
  const dir = await mkdtemp(join(tmpdir(), 'insights-compliance-bench-'));
  const slack = await startSlackStandIn({ token: 'xoxb-bench' });
  const bot = await startBot({
    env: {
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      DOCKER_ORG: ORG,
      INSIGHTS_ADMINS: ADMIN,
      RENDER_WORKERS: '1',
    },
    logger: createLogger({ level: 'silent' }),
  });
  try {
    const file = join(dir, 'settings-reporting.csv');
    await writeFile(file, report());
    let t = performance.now();
    const outcome = await bot.services.imports.importFile({ path: file, by: 'bench' }, new Date());
    const importSeconds = (performance.now() - t) / 1000;
    if (outcome.status !== 'imported' || outcome.rows !== ROWS) {
      throw new Error(`unexpected ${JSON.stringify(outcome)}`);
    }

    const ask = async (user: string): Promise<number> => {
      const seen = slack.history('C0INSIGHTS', user).filter((m) => m.ephemeralTo === user).length;
      const body = slashCommandBody({
        text: 'compliance',
        channelId: 'C0INSIGHTS',
        userId: user,
        responseUrl: slack.responseUrl('C0INSIGHTS', user),
      });
      const started = performance.now();
      const res = await fetch(`http://127.0.0.1:${bot.port}/slack/events`, {
        method: 'POST',
        headers: signedHeaders(SECRET, body),
        body,
      });
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      const answer = await slack.waitFor(
        (s) => s.history('C0INSIGHTS', user).filter((m) => m.ephemeralTo === user)[seen],
        10_000,
      );
      if (!answer.text?.includes(`of ${ROWS.toLocaleString('en-US')} not compliant`)) {
        throw new Error(`unexpected answer ${answer.text}`);
      }
      return performance.now() - started;
    };
    for (let i = 0; i < 3; i++) await ask(ADMIN); // warm up: connections, JIT
    const admins: number[] = [];
    const members: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      admins.push(await ask(ADMIN));
      members.push(await ask('U0ANYONE'));
    }
    const read: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      t = performance.now();
      await createCompliance({ db: bot.db, org: ORG }).summary();
      read.push(performance.now() - t);
    }
    const [alerts] = await bot.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM alerts WHERE state = 'open'",
    );
    const label = `/insights compliance, ${ROWS.toLocaleString('en')}-row report, ${alerts?.n.toLocaleString('en')} open drift alerts (PostgreSQL)`;
    return {
      [`${label}: command → answer (p50 / p95 / max)`]: `admin ${ms(percentile(admins, 50))} / ${ms(percentile(admins, 95))} / ${ms(Math.max(...admins))}; anyone ${ms(percentile(members, 50))} / ${ms(percentile(members, 95))} / ${ms(Math.max(...members))}`,
      'of which the store read (p50 / p95)': `${ms(percentile(read, 50))} / ${ms(percentile(read, 95))}`,
      'import of that report with its drift evaluation': `${importSeconds.toFixed(1)} s`,
    };
  } finally {
    await bot.close();
    await slack.close();
    await rm(dir, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}
