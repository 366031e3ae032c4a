/**
 * Outgoing calls end, whatever the other side does (src/outgoing.ts): a Docker API page far past its cap
 * is cut off without being held in memory, a report download that stalls halfway fails at its deadline,
 * a SIEM reply that trickles a byte a second fails at its deadline — each with a sentence that says so,
 * and the next sync runs.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDockerClients } from '../src/docker/clients.js';
import { createLogger } from '../src/logger.js';
import { CALL_LIMITS } from '../src/outgoing.js';
import { createSplunkSender } from '../src/siem/splunk.js';
import { ENGINES, freshDatabase } from './support/databases.js';
import {
  type FakeDocker,
  generateMembers,
  generateUsagePullsCsv,
  startFakeDocker,
} from './support/fake-docker.js';
import { runApiSync } from './support/sync.js';

const NOW = new Date('2026-11-21T08:00:00Z');
const ORG = 'globex';
const MB = 1024 * 1024;
const logger = createLogger({ level: 'silent' });

let fake: FakeDocker;
beforeAll(async () => {
  fake = await startFakeDocker({
    org: ORG,
    credentials: [{ identifier: ORG, secret: 'dckr_oat_globex' }],
    members: generateMembers(30, { seed: 5, now: NOW }),
    auditLogs: [],
    pullReports: new Map([
      ['2026-11-19', generateUsagePullsCsv('2026-11-19', 40, { seed: 1, org: ORG, columns: 'full' })],
      ['2026-11-20', generateUsagePullsCsv('2026-11-20', 40, { seed: 2, org: ORG, columns: 'full' })],
    ]),
    now: () => NOW.getTime(),
  });
});
afterAll(async () => {
  await fake?.close();
});

/** The real clients, with the report download's deadline shortened so the test takes seconds. */
function clients() {
  const docker = createDockerClients(
    { org: ORG, token: 'dckr_oat_globex', hubUrl: fake.hubUrl, apiUrl: fake.apiUrl },
    { limits: { report: { ...CALL_LIMITS.report, deadlineMs: 1_500 } }, sleep: async () => undefined },
  );
  if (!docker) throw new Error('clients expected');
  return docker;
}

/** The highest resident memory of this process while `work` runs, over what it was before. */
async function peakGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growthMb: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growthMb: (peak - before) / MB };
  } finally {
    clearInterval(sampler);
  }
}

describe.each(ENGINES)('outgoing limits during a sync on %s', (engine) => {
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await drop?.();
    drop = undefined;
  });

  it('cuts off a 300 MB members page at the cap, memory bounded, and the next sync runs', async () => {
    const fresh = await freshDatabase(engine);
    drop = fresh.drop;
    const deps = { db: fresh.db, org: ORG, docker: clients(), logger };
    // A first sync as it should be: the memory measured below is the page's alone.
    expect((await runApiSync(deps, NOW, ['hub-members']))[0]?.ok).toBe(true);
    fake.oversizeNext(`/v2/orgs/${ORG}/members`, 300 * MB);
    const { result, growthMb } = await peakGrowth(() => runApiSync(deps, NOW, ['hub-members']));
    const [members] = result;
    expect(members?.ok).toBe(false);
    expect(members?.detail).toMatch(
      /GET \/v2\/orgs\/globex\/members: answer too large \(larger than 20 MB; stopped reading it\)/,
    );
    expect(growthMb).toBeLessThan(100);

    const [next] = await runApiSync(deps, NOW, ['hub-members']);
    expect(next).toMatchObject({ source: 'hub-members', ok: true });
  }, 60_000);

  it('ends a report download that stalls halfway at its deadline; the next sync takes it', async () => {
    const fresh = await freshDatabase(engine);
    drop = fresh.drop;
    const deps = { db: fresh.db, org: ORG, docker: clients(), logger };
    fake.stallNext(`/${ORG}/usage_pulls/daily/2026-11-20`);
    const [stalled] = await runApiSync(deps, NOW, ['usage-pulls']);
    expect(stalled?.ok).toBe(false);
    expect(stalled?.detail).toMatch(/no complete answer within 1\.5 s/);

    const [next] = await runApiSync(deps, NOW, ['usage-pulls']);
    expect(next).toMatchObject({ source: 'usage-pulls', ok: true });
    expect(next?.detail).toMatch(/^1 daily reports/);
  }, 60_000);

  it('cuts off a report download far past its listed size; memory bounded, the next sync takes it', async () => {
    const fresh = await freshDatabase(engine);
    drop = fresh.drop;
    const deps = { db: fresh.db, org: ORG, docker: clients(), logger };
    fake.oversizeNext(`/${ORG}/usage_pulls/daily/2026-11-20`, 300 * MB);
    const { result, growthMb } = await peakGrowth(() => runApiSync(deps, NOW, ['usage-pulls']));
    const [oversized] = result;
    expect(oversized?.ok).toBe(false);
    expect(oversized?.detail).toMatch(
      /answer too large \(larger than [\d.]+ (MB|bytes); stopped reading it\)/,
    );
    expect(growthMb).toBeLessThan(100);

    const [next] = await runApiSync(deps, NOW, ['usage-pulls']);
    expect(next).toMatchObject({ source: 'usage-pulls', ok: true });
  }, 60_000);
});

describe('a SIEM reply that never ends', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    // Headers at once, then one byte a second, forever: an idle timeout never fires.
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 1_000);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('is a retry with a clear error once its deadline passes', async () => {
    const sender = createSplunkSender(
      { url, token: '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b', source: 'insights-bot', ack: false },
      { ...CALL_LIMITS.siemReply, deadlineMs: 2_000 },
    );
    const outcome = await sender.send([
      { key: 'k1', kind: 'activity', at: NOW.toISOString(), json: '{"a":1}' },
    ]);
    expect(outcome).toEqual({
      kind: 'retry',
      error: expect.stringMatching(/^reply from 127\.0\.0\.1:\d+: no complete answer within 2 s$/),
    });
  }, 15_000);
});
