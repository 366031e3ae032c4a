import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../src/logger.js';
import { startBot } from '../src/main.js';
import { startSlackStandIn } from '../src/sandbox/slack-stand-in.js';
import { signedHeaders, slashCommandBody } from '../src/slack/sign.js';
import { dropSchema, INVITES, MEMBERS, ORG, PURCHASED, storeBigOrganization } from './seats-data.js';
import { ms, percentile } from './stats.js';

const RUNS = 20;
const SECRET = 'bench-signing-secret';
const ADMIN = 'U0ADMIN';
const dist = (path: string) => new URL(`../dist/${path}`, import.meta.url).href;

/**
 * The seat report and the seat export in a plain Node process on the build (dist/), so its peak RSS is
 * theirs alone: the real report service (queued to the real delivery queue) and the real export writer.
 */
const WORKER = `
import { createWriteStream } from 'node:fs';
import { openDatabase } from '${dist('store/db.js')}';
import { createLogger } from '${dist('logger.js')}';
import { createSeats } from '${dist('app/seats.js')}';
import { createSeatReports } from '${dist('app/seat-reports.js')}';
import { createSubscriptions } from '${dist('app/subscriptions.js')}';
import { createDeliveryQueue } from '${dist('app/delivery-queue.js')}';
import { writeExport } from '${dist('app/exports.js')}';
import { createStoredSource } from '${dist('store/stored-source.js')}';
import { DEFAULT_SEAT_SETTINGS } from '${dist('domain/seat-settings.js')}';

const [mode, databaseUrl, out] = process.argv.slice(1);
const db = await openDatabase({ databaseUrl });
const logger = createLogger({ level: 'silent' });
const settings = { ...DEFAULT_SEAT_SETTINGS, purchased: ${PURCHASED}, pricePerMonth: 24, exempt: ['robots'] };
const seats = createSeats({ db, org: '${ORG}', settings, demo: false, rules: { changed: async () => ({ opened: 0, resolved: 0 }) }, logger });
// The last Monday 10:00 UTC: the weekly report is due then.
const now = new Date();
now.setUTCDate(now.getUTCDate() - ((now.getUTCDay() + 6) % 7) - (now.getUTCHours() < 10 ? 7 : 0));
now.setUTCHours(10, 0, 0, 0);
const result = {};
const t = performance.now();
if (mode === 'report') {
  const subscriptions = createSubscriptions(db);
  await subscriptions.subscribe({ channel: 'C0SEATS', kind: 'seats', createdBy: '${ADMIN}',
    options: { minSeverity: 'low', threadUpdates: true, names: true, report: { cadence: 'weekly', at: '09:00', timeZone: 'UTC' } } },
    new Date(now.getTime() - 30 * 86400000));
  const transport = { attempt: async () => { throw new Error('not sent'); }, classify: () => ({ kind: 'permanent', error: 'not sent' }) };
  const queue = createDeliveryQueue({ db, transport, logger });
  const run = await createSeatReports({ db, seats, subscriptions, queue, logger }).run(now);
  result.seconds = (performance.now() - t) / 1000;
  if (run.queued.length !== 1) throw new Error('expected one report, got ' + JSON.stringify(run));
} else {
  const r = await writeExport({ kind: 'seats', now }, { source: createStoredSource(db, '${ORG}'), db, seats }, createWriteStream(out));
  result.seconds = (performance.now() - t) / 1000;
  if (r.rows !== ${MEMBERS + INVITES}) throw new Error('expected ${MEMBERS + INVITES} rows, got ' + r.rows);
}
result.peakRssMb = process.resourceUsage().maxRSS / 1024;
await db.close();
process.stdout.write(JSON.stringify(result) + '\\n');
`;

async function worker(
  mode: 'report' | 'export',
  databaseUrl: string,
  out = '',
): Promise<Record<string, number>> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', WORKER, mode, databaseUrl, out], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let text = '';
  child.stdout.on('data', (d) => {
    text += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`seats worker (${mode}) exited with ${code}`);
  return JSON.parse(text.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;
}

/**
 * `/insights seats` for 100,000 members and 5,000 invites on PostgreSQL: the signed command to the running
 * bot (HTTP receiver, in this process) until the chart with the counts is in the channel (anyone), and until
 * the admin's idle list arrives; then the seat report and the seat export, each in a process of its own.
 */
export async function benchSeats(): Promise<Record<string, string>> {
  const schema = `bench_seats_${process.pid}`;
  const now = new Date();
  const databaseUrl = await storeBigOrganization(schema, now);
  const dir = await mkdtemp(join(tmpdir(), 'insights-seats-bench-'));
  const slack = await startSlackStandIn({ token: 'xoxb-bench' });
  const bot = await startBot({
    env: {
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      DOCKER_ORG: ORG,
      DOCKER_SEATS: String(PURCHASED),
      DOCKER_SEAT_PRICE: '24',
      SEATS_EXEMPT: 'robots',
      INSIGHTS_ADMINS: ADMIN,
      RENDER_WORKERS: '1',
    },
    logger: createLogger({ level: 'silent' }),
  });
  try {
    const ask = async (user: string): Promise<number> => {
      const before = slack.history('C0INSIGHTS', user).length;
      const body = slashCommandBody({
        text: 'seats',
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
      const admin = user === ADMIN;
      const answer = await slack.waitFor((s) => {
        const fresh = s.history('C0INSIGHTS', user).slice(before);
        return admin ? fresh.find((m) => m.ephemeralTo === user) : fresh.find((m) => m.files?.length);
      }, 20_000);
      const text = JSON.stringify(answer.blocks);
      if (!text.includes(admin ? 'longest idle of' : `${(MEMBERS + INVITES).toLocaleString('en-US')} of`)) {
        throw new Error(`unexpected answer ${text.slice(0, 300)}`);
      }
      return performance.now() - started;
    };
    for (let i = 0; i < 3; i++) await ask(ADMIN); // warm up: connections, JIT, the render worker
    const anyone: number[] = [];
    const admins: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      anyone.push(await ask('U0ANYONE'));
      admins.push(await ask(ADMIN));
    }
    const store: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await bot.services.seats.summary(new Date());
      await bot.services.seats.idle(new Date(), 20);
      store.push(performance.now() - t);
    }
    const report = await worker('report', databaseUrl);
    const exported = await worker('export', databaseUrl, join(dir, 'seats.csv'));
    const p = (s: number[]) => `${ms(percentile(s, 50))} / ${ms(percentile(s, 95))} / ${ms(Math.max(...s))}`;
    const label = `${MEMBERS.toLocaleString('en')} members + ${INVITES.toLocaleString('en')} invites (PostgreSQL)`;
    return {
      [`/insights seats, ${label}: command → chart and counts in the channel (p50 / p95 / max)`]: p(anyone),
      '/insights seats as an admin: command → the idle list (p50 / p95 / max)': p(admins),
      'the store alone: the counts, then the 20 longest idle, one after the other (p50 / p95 / max)':
        p(store),
      [`weekly seat report, ${label}, queued (plain node)`]: `${report.seconds?.toFixed(2)} s, peak RSS ${report.peakRssMb?.toFixed(0)} MB`,
      [`export seats, ${(MEMBERS + INVITES).toLocaleString('en')} rows to a file (plain node)`]: `${exported.seconds?.toFixed(2)} s, peak RSS ${exported.peakRssMb?.toFixed(0)} MB`,
    };
  } finally {
    await bot.close();
    await slack.close();
    await rm(dir, { recursive: true, force: true });
    await dropSchema(schema);
  }
}
