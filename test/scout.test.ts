import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type AlertDeps, createAlertEngine } from '../src/app/alert-engine.js';
import { createRuleRunner } from '../src/app/rules.js';
import { createScout } from '../src/app/scout.js';
import { createSync } from '../src/app/sync.js';
import type { ScoutClient } from '../src/docker/scout/client.js';
import { createScoutClient } from '../src/docker/scout/client.js';
import { ingestRoute } from '../src/http/ingest.js';
import { createHttpServer, listen } from '../src/http/server.js';
import { createLogger } from '../src/logger.js';
import { scoutMessage } from '../src/render/scout-blocks.js';
import type { Db } from '../src/store/db.js';
import { insert } from '../src/store/delivery-repo.js';
import { createStatusRepo } from '../src/store/status-repo.js';
import { createSubscriptionsRepo } from '../src/store/subscriptions-repo.js';
import { ENGINES, freshDatabase } from './support/databases.js';
import { compliantMetrics, type FakeScout, POLICY_VULNS, startFakeScout } from './support/fake-scout.js';

const T0 = new Date('2026-11-21T08:00:00Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);
const INGEST_TOKEN = 'ingest-token-0123456789abcdef';
const fixture = (name: string) => readFileSync(new URL(`./fixtures/scout/${name}`, import.meta.url), 'utf8');

let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
let fake: FakeScout | undefined;
let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await fake?.close();
  await database?.drop();
  [server, fake, database] = [undefined, undefined, undefined];
});

/** A real pino logger writing into memory, to check that no token reaches the log. */
function memoryLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), text: () => lines.join('') };
}

const deliveries = (db: Db) =>
  db.query<{ key: string; kind: string; channel: string; payload: { text: string } }>(
    'SELECT key, kind, channel, payload FROM delivery_queue ORDER BY id',
  );
const keys = async (db: Db) => (await deliveries(db)).map((d) => `${d.kind} ${d.key}`);

describe.each(ENGINES)('Docker Scout on %s', (engine) => {
  const log = memoryLogger();

  async function setUp(): Promise<Db> {
    database = await freshDatabase(engine);
    await createSubscriptionsRepo(database.db).subscribe(
      {
        channel: 'C0SEC',
        kind: 'scout',
        options: { minSeverity: 'low', threadUpdates: true },
        createdBy: 'U0ADMIN',
      },
      T0,
    );
    return database.db;
  }

  const alertDeps = (db: Db): AlertDeps => ({
    db,
    org: 'acme',
    outbox: (key, delivery, tx) => insert(tx, key, delivery, T0),
    repeatMs: 24 * HOUR,
    logger: log.logger,
  });

  describe('metrics exporter', () => {
    const sleeps: number[] = [];

    /** The Scout exporter source alone, on the real sync, rule runner and alert engine. */
    async function scout(token?: string) {
      const db = await setUp();
      fake = await startFakeScout({ org: 'acme' });
      const client = createScoutClient({
        baseUrl: fake.url,
        org: 'acme',
        token: token ?? fake.ownerToken,
        http: { sleep: async (ms) => void sleeps.push(ms), maxAttempts: 3 },
      });
      const engine = createAlertEngine(alertDeps(db));
      const settings = { org: 'acme', sensitiveActions: [] };
      const rules = createRuleRunner({ db, settings, engine, logger: log.logger });
      const syncWith = async (c: ScoutClient, now: Date) => {
        const sync = createSync({ db, org: 'acme', docker: null, scout: c, rules, logger: log.logger });
        const [result] = await sync.run(now);
        if (!result) throw new Error('the Scout source did not run');
        return { ...result, polled: !result.skipped };
      };
      const summary = () =>
        createScout({ db, org: 'acme', configured: true, engine, minSeverity: 'high' }).summary();
      return { db, fake, sync: (now: Date) => syncWith(client, now), syncWith, summary };
    }

    const failingPolicy = () => {
      const m = compliantMetrics();
      const production = m.policies.find((p) => p.id === POLICY_VULNS.id && p.stream === 'production');
      if (production) production.compliant = 9;
      return m;
    };

    it('acceptance 1: a failing policy opens one alert, the same scrape sends nothing, matching counts resolve it in place', async () => {
      const d = await scout();
      expect(await d.sync(at(0))).toMatchObject({ ok: true, polled: true, opened: 0 });
      expect(await deliveries(d.db)).toEqual([]);
      expect(d.fake.requests).toEqual([
        { method: 'GET', path: '/v1/exporter/org/acme/metrics', scheme: 'Bearer', status: 200 },
      ]);

      d.fake.setMetrics(failingPolicy());
      expect(await d.sync(at(1))).toMatchObject({ ok: true, polled: true, opened: 1, resolved: 0 });
      const [post] = await deliveries(d.db);
      expect(await keys(d.db)).toEqual(['message alerts:1']);
      expect(post?.channel).toBe('C0SEC');
      expect(post?.payload.text).toContain(
        'Policy “No fixable critical or high vulnerabilities” fails for 3 of 12 images in production',
      );

      // Under an hour later: the exporter is not asked (it caches for 60 minutes).
      expect(await d.sync(at(1.5))).toMatchObject({ ok: true, polled: false });
      expect(d.fake.requests).toHaveLength(2);

      // The same numbers an hour later: polled, nothing sent.
      expect(await d.sync(at(2))).toMatchObject({ ok: true, polled: true, opened: 0, resolved: 0 });
      expect(await keys(d.db)).toEqual(['message alerts:1']);

      d.fake.setMetrics(compliantMetrics());
      expect(await d.sync(at(3))).toMatchObject({ ok: true, opened: 0, resolved: 1 });
      expect(await keys(d.db)).toEqual([
        'message alerts:1',
        'update alerts:1:update:1',
        'message alerts:1:resolved:scout.policy:d6a0a3a6-7d3b-4d4f-9a0e-3c1f2b7e9a01@production:1',
      ]);
      expect((await deliveries(d.db))[1]?.payload.text).toContain('(1 resolved)');

      const [status] = await createStatusRepo(d.db).list('acme');
      expect(status).toMatchObject({ source: 'scout-metrics', lastError: null, lastSuccessAt: at(3) });
      expect(log.text()).not.toContain(d.fake.ownerToken);
    });

    it('new critical vulnerabilities in a stream alert until the count is back at the level before', async () => {
      const d = await scout();
      await d.sync(at(0));
      const m = compliantMetrics();
      const set = (count: number) => {
        const row = m.vulnerabilities.find((v) => v.stream === 'production' && v.severity === 'critical');
        if (row) row.count = count;
        d.fake.setMetrics(structuredClone(m));
      };
      set(2);
      expect(await d.sync(at(1))).toMatchObject({ opened: 1 });
      expect((await deliveries(d.db))[0]?.payload.text).toContain(
        '2 new critical vulnerabilities in production (2, was 0)',
      );
      set(1);
      expect(await d.sync(at(2))).toMatchObject({ opened: 0, resolved: 0 });
      set(0);
      expect(await d.sync(at(3))).toMatchObject({ opened: 0, resolved: 1 });
      expect(await keys(d.db)).toEqual([
        'message alerts:1',
        'update alerts:1:update:1',
        'message alerts:1:resolved:scout.vulnerabilities:production:critical:1',
      ]);
    });

    it('shows policy compliance per stream from the latest scrape for /insights scout', async () => {
      const d = await scout();
      expect(scoutMessage(await d.summary(), { configured: true }).text).toBe(
        'No Docker Scout data for acme yet.',
      );
      d.fake.setMetrics(failingPolicy());
      await d.sync(at(0));
      const summary = await d.summary();
      expect(summary.scrapedAt).toEqual(at(0));
      expect(summary.streams.map((s) => s.name)).toEqual(['production', 'latest-indexed']);
      expect(summary.streams[0]?.policies[0]).toEqual({
        id: POLICY_VULNS.id,
        displayName: POLICY_VULNS.displayName,
        compliant: 9,
        evaluated: 12,
        failing: true,
      });
      expect(summary.streams[0]?.vulnerabilities).toEqual({ critical: 0, high: 3, medium: 14 });
      const message = scoutMessage(summary, { configured: true });
      expect(message.text).toContain('1 of 4 policy results failing');
      expect(JSON.stringify(message.blocks)).toContain(
        ':x: *No fixable critical or high vulnerabilities* — 9/12 (75%)',
      );
    });

    it('a token of no owner fails naming SCOUT_TOKEN and an org owner, stores nothing, logs no token', async () => {
      const d = await scout('dckr_pat_not-a-valid-token-000000');
      const result = await d.sync(at(0));
      expect(result.ok).toBe(false);
      expect(result.detail).toContain('SCOUT_TOKEN rejected (401');
      expect(result.detail).toContain('personal access token of an owner of the organization "acme"');
      expect(result.detail).not.toContain('not-a-valid-token');
      expect(await d.db.query('SELECT * FROM scout_scrapes')).toEqual([]);
      const [status] = await createStatusRepo(d.db).list('acme');
      expect(status?.lastError).toBe(result.detail);

      const member = createScoutClient({ baseUrl: d.fake.url, org: 'acme', token: d.fake.memberToken });
      const forbidden = await d.syncWith(member, at(0));
      expect(forbidden.detail).toContain('SCOUT_TOKEN not allowed (403');
      expect(forbidden.detail).toContain('owner');
      expect(log.text()).not.toContain('not-a-valid-token');
      expect(log.text()).not.toContain(d.fake.memberToken);
    });

    it('waits as Retry-After says on a 429 and on a 503, then stores the scrape', async () => {
      const d = await scout();
      sleeps.length = 0;
      d.fake.failNext({ status: 429, headers: { 'retry-after': '7' } }, { status: 503 });
      expect(await d.sync(at(0))).toMatchObject({ ok: true, polled: true });
      expect(sleeps[0]).toBe(7000);
      expect(sleeps).toHaveLength(2);
      expect(d.fake.requests.map((r) => r.status)).toEqual([429, 503, 200]);
      expect(await d.db.query('SELECT org FROM scout_scrapes')).toEqual([{ org: 'acme' }]);
    });

    it('refuses an answer that is not Prometheus text', async () => {
      const d = await scout();
      d.fake.setRaw('<!doctype html>\n<html><body>Sign in</body></html>\n');
      const result = await d.sync(at(0));
      expect(result).toMatchObject({ ok: false, polled: true });
      expect(result.detail).toContain('not Prometheus text (line 1: not a metric name)');
      expect(await d.db.query('SELECT * FROM scout_scrapes')).toEqual([]);
    });
  });

  describe('POST /ingest/scout', () => {
    async function endpoint(): Promise<{
      db: Db;
      post: (path: string, body: string, token?: string) => Promise<Response>;
    }> {
      const db = await setUp();
      server = createHttpServer(
        [
          ingestRoute({
            token: INGEST_TOKEN,
            scout: createScout({
              db,
              org: 'acme',
              configured: false,
              engine: createAlertEngine(alertDeps(db)),
              minSeverity: 'high',
            }),
            now: () => T0,
            logger: log.logger,
            maxBytes: 64 * 1024,
          }),
        ],
        log.logger,
      );
      const port = await listen(server, 0, '127.0.0.1');
      const post = (path: string, body: string, token = INGEST_TOKEN) =>
        fetch(`http://127.0.0.1:${port}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
          body,
        });
      return { db, post };
    }

    const API = '/ingest/scout?image=acme/api:1.4';
    const state = async (db: Db) => ({
      deliveries: await keys(db),
      alerts: await db.query('SELECT fingerprint, state FROM alerts ORDER BY fingerprint'),
      scans: await db.query('SELECT image, findings FROM scout_image_scans ORDER BY id'),
    });

    it('acceptance 2: two critical findings open one grouped message; a clean result resolves it', async () => {
      const { db, post } = await endpoint();
      const res = await post(API, fixture('acme-api-1.4.sarif'));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        ok: true,
        image: 'acme/api:1.4',
        format: 'sarif',
        findings: 2,
        opened: 2,
        resolved: 0,
      });
      expect(await keys(db)).toEqual(['message alerts:1']);
      const [message] = await deliveries(db);
      expect(message?.payload.text).toMatch(/^:rotating_light: 2 new scout alerts: /);
      expect(message?.payload.text).toContain('Critical CVE-2024-45491 in acme/api:1.4 (expat)');
      expect(await db.query('SELECT fingerprint FROM alert_message_items ORDER BY position')).toEqual([
        { fingerprint: 'scout.image:acme/api:1.4 CVE-2023-45853' },
        { fingerprint: 'scout.image:acme/api:1.4 CVE-2024-45491' },
      ]);

      // The same result again: nothing new. Another image's clean result leaves these open.
      expect(await (await post(API, fixture('acme-api-1.4.sarif'))).json()).toMatchObject({
        opened: 0,
        resolved: 0,
      });
      const web = await post('/ingest/scout?image=docker.io/acme/web', fixture('acme-api-1.4-clean.sarif'));
      expect(await web.json()).toMatchObject({ image: 'acme/web:latest', findings: 0, resolved: 0 });
      expect(await keys(db)).toEqual(['message alerts:1']);

      const clean = await post(API, fixture('acme-api-1.4-clean.sarif'));
      expect(await clean.json()).toMatchObject({ ok: true, findings: 0, opened: 0, resolved: 2 });
      expect(await keys(db)).toEqual([
        'message alerts:1',
        'update alerts:1:update:1',
        'message alerts:1:resolved:scout.image:acme/api:1.4 CVE-2023-45853:1',
        'message alerts:1:resolved:scout.image:acme/api:1.4 CVE-2024-45491:1',
      ]);
      const summary = await createScout({
        db,
        org: 'acme',
        configured: false,
        engine: createAlertEngine(alertDeps(db)),
        minSeverity: 'high',
      }).summary();
      expect(summary.images.map((i) => [i.image, i.findings])).toEqual([
        ['acme/api:1.4', 0],
        ['acme/web:latest', 0],
      ]);
    });

    it('a GitLab report opens the critical and high findings', async () => {
      const { db, post } = await endpoint();
      const res = await post('/ingest/scout?image=acme/api:1.4', fixture('acme-api-1.4.gitlab.json'));
      expect(await res.json()).toMatchObject({ format: 'gitlab', findings: 2, opened: 2 });
      expect((await state(db)).alerts).toEqual([
        { fingerprint: 'scout.image:acme/api:1.4 CVE-2023-44487', state: 'open' },
        { fingerprint: 'scout.image:acme/api:1.4 CVE-2024-45491', state: 'open' },
      ]);
    });

    it('a truncated body gets 400, a wrong token 401, a bad image 400, a huge body 413: nothing changes', async () => {
      const { db, post } = await endpoint();
      await post(API, fixture('acme-api-1.4.sarif'));
      const before = await state(db);
      const sarif = fixture('acme-api-1.4.sarif');

      const truncated = await post(API, sarif.slice(0, 4000));
      expect(truncated.status).toBe(400);
      expect(await truncated.json()).toEqual({
        ok: false,
        error: 'bad_body',
        reason: 'body is not valid JSON (truncated upload?)',
      });
      const unknown = await post(API, '{"bomFormat":"CycloneDX"}');
      expect(unknown.status).toBe(400);
      expect(await unknown.json()).toMatchObject({ reason: expect.stringMatching(/^unknown format/) });

      const wrong = await post(API, fixture('acme-api-1.4-clean.sarif'), 'ingest-token-0123456789abcdeX');
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toBe('Bearer realm="insights-bot"');
      const short = await post(API, fixture('acme-api-1.4-clean.sarif'), 'x');
      expect(short.status).toBe(401);

      const missing = await post('/ingest/scout', sarif);
      expect(missing.status).toBe(400);
      expect(await missing.json()).toMatchObject({ reason: expect.stringContaining('missing ?image=') });
      expect((await post('/ingest/scout?image=Acme/API:1.4', sarif)).status).toBe(400);

      const huge = await post(API, ' '.repeat(65 * 1024));
      expect(huge.status).toBe(413);

      expect(await state(db)).toEqual(before);
      const logged = log.text();
      expect(logged).not.toContain(INGEST_TOKEN);
      expect(logged).not.toContain('X9.42');
    });
  });
});
