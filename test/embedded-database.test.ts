import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/db.js';
import { clusterDir, isAlive, readPostmasterPid } from '../src/store/embedded/cluster.js';
import { exited, runCli, serveCli, startCli } from './support/cli.js';
import { type FakeDocker, generateMembers, startFakeDocker } from './support/fake-docker.js';
import { until } from './support/until.js';

// Real bot processes (the compiled CLI) on one DATA_DIR: the embedded PostgreSQL server they start.
const MEMBERS = 250;
/** The members API lists every member but the invitees. */
const LISTED = generateMembers(MEMBERS, { seed: 14 }).filter((m) => m.role !== 'Invitee').length;

let dir: string;
let fake: FakeDocker;
const stop: Array<() => Promise<void>> = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'insights-embedded-'));
  fake = await startFakeDocker({
    org: 'globex',
    credentials: [{ identifier: 'globex', secret: 'dckr_oat_globex' }],
    members: generateMembers(MEMBERS, { seed: 14 }),
  });
});
afterEach(async () => {
  for (const s of stop.splice(0)) await s();
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const env = (dataDir: string) => ({
  DATA_DIR: dataDir,
  DATABASE_URL: '',
  DOCKER_ORG: 'globex',
  DOCKER_TOKEN: 'dckr_oat_globex',
  DOCKER_HUB_URL: fake.hubUrl,
  DOCKER_API_URL: fake.apiUrl,
  SLACK_BOT_TOKEN: '',
  SLACK_SIGNING_SECRET: '',
  SLACK_APP_TOKEN: '',
  RENDER_WORKERS: '1',
});

/** The running server of a DATA_DIR: the postmaster and the watchdog shell it runs under. */
function serverProcesses(dataDir: string): number[] {
  const running = readPostmasterPid(clusterDir(dataDir));
  if (!running) throw new Error(`no server running in ${dataDir}`);
  const stat = readFileSync(`/proc/${running.pid}/stat`, 'utf8');
  const watchdog = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  return [running.pid, watchdog];
}

async function memberKeys(dataDir: string): Promise<string[]> {
  const db = await openDatabase({ dataDir });
  try {
    const rows = await db.query<{ member_key: string }>(
      "SELECT member_key FROM members WHERE org = 'globex' ORDER BY member_key",
    );
    return rows.map((r) => r.member_key);
  } finally {
    await db.close();
  }
}

/** `insights-bot sync` stopped mid-sync: members are stored, the activity log request never answered. */
async function stalledSync(dataDir: string) {
  const stalled = fake.hangNext('/v2/auditlogs');
  const sync = startCli(['sync'], env(dataDir));
  stop.push(async () => {
    sync.child.kill('SIGKILL');
    await sync.done;
  });
  await Promise.race([stalled, sync.done.then((r) => Promise.reject(new Error(r.stderr)))]);
  return sync;
}

describe('the embedded database across bot processes', { timeout: 60_000 }, () => {
  it('a bot SIGKILLed during a sync leaves no server behind, and restarts on the same DATA_DIR with every committed row', async () => {
    const dataDir = join(dir, 'killed');
    const sync = await stalledSync(dataDir);
    // What another process reads now is committed: the members pages and the members sync status.
    const committed = await memberKeys(dataDir);
    expect(committed).toHaveLength(LISTED);
    const processes = serverProcesses(dataDir);

    sync.child.kill('SIGKILL');
    expect((await sync.done).code).toBeNull();
    await until('the server and its watchdog to exit', () => processes.every((pid) => !isAlive(pid)));
    expect(readPostmasterPid(clusterDir(dataDir))).toBeUndefined();

    // Started again on the same folder: it comes up, and nothing committed is lost.
    const bot = serveCli({
      ...env(dataDir),
      DOCKER_ORG: '',
      DOCKER_TOKEN: '',
      DOCKER_HUB_URL: '',
      DOCKER_API_URL: '',
    });
    stop.push(async () => {
      bot.child.kill('SIGKILL');
      await exited(bot.child);
    });
    const port = await bot.ready;
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(await memberKeys(dataDir)).toEqual(committed);
    const restarted = serverProcesses(dataDir);
    bot.child.kill('SIGTERM');
    await exited(bot.child);
    await until('the restarted server to stop', () => restarted.every((pid) => !isAlive(pid)));
  });

  it('a second process on the same DATA_DIR uses the running server; when that one stops, the other starts its own', async () => {
    const dataDir = join(dir, 'shared');
    const sync = await stalledSync(dataDir);
    const first = serverProcesses(dataDir);

    // `serve` on the folder while `sync` runs: it connects to the server the sync started.
    const bot = serveCli({
      ...env(dataDir),
      DOCKER_ORG: '',
      DOCKER_TOKEN: '',
      DOCKER_HUB_URL: '',
      DOCKER_API_URL: '',
    });
    stop.push(async () => {
      bot.child.kill('SIGKILL');
      await exited(bot.child);
    });
    const port = await bot.ready;
    expect(serverProcesses(dataDir)).toEqual(first);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    // The sync's process dies and takes its server along; serve's next query starts a server of its own.
    sync.child.kill('SIGKILL');
    await sync.done;
    await until('the first server to exit', () => first.every((pid) => !isAlive(pid)));
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const second = serverProcesses(dataDir);
    expect(second).not.toEqual(first);

    // And a CLI command meanwhile runs against serve's server, start to end.
    const again = await runCli(['sync'], env(dataDir));
    expect(again.stdout).toMatch(/ok +hub-members: \d+ members/);
    expect(again.code).toBe(0);
    expect(serverProcesses(dataDir)).toEqual(second);
    expect(await memberKeys(dataDir)).toHaveLength(LISTED);
  });

  it('starts over a lock file whose PID now belongs to another process (a server that died with its machine)', async () => {
    const dataDir = join(dir, 'stale');
    await memberKeys(dataDir); // creates the cluster, starts and stops its server
    const lockFile = join(clusterDir(dataDir), 'postmaster.pid');
    expect(existsSync(lockFile)).toBe(false);
    // What PostgreSQL leaves behind, naming a live process that is not a postmaster of this cluster.
    writeFileSync(
      lockFile,
      `${process.pid}\n${clusterDir(dataDir)}\n1700000000\n5432\n${clusterDir(dataDir)}\n\n0 0\nready   \n`,
    );
    expect(await memberKeys(dataDir)).toEqual([]);
  });

  it('names what to do, in one sentence, with a DATA_DIR written by the earlier PGlite version', async () => {
    const dataDir = join(dir, 'pglite');
    const lite = await PGlite.create(dataDir);
    await lite.query('CREATE TABLE members (member_key text PRIMARY KEY)');
    await lite.close();

    for (const args of [['serve'], ['sync']]) {
      const run = await runCli(args, env(dataDir));
      expect(run.code).toBe(1);
      const message = run.stderr.trim();
      expect(message).toMatch(/^DATA_DIR \S+ holds the PGlite database of an earlier Insights Bot/);
      expect(message).toContain(`mv ${dataDir} ${dataDir}.pglite`);
      expect(message.split('\n')).toHaveLength(1);
    }
    // The old folder is left as it was.
    expect(existsSync(clusterDir(dataDir))).toBe(false);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
  });
});
