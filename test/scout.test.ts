import { afterEach, describe, expect, it } from 'vitest';
import { createRuleRunner } from '../src/app/rules.js';
import { createScout } from '../src/app/scout.js';
import { createSync } from '../src/app/sync.js';
import type { ScoutClient } from '../src/docker/scout/client.js';
import { createScoutClient } from '../src/docker/scout/client.js';
import { scoutMessage } from '../src/render/scout-blocks.js';
import type { Db } from '../src/store/db.js';
import { createStatusRepo } from '../src/store/status-repo.js';
import { ENGINES, type freshDatabase } from './support/databases.js';
import { compliantMetrics, type FakeScout, POLICY_VULNS, startFakeScout } from './support/fake-scout.js';
import { alertEngine, at, deliveries, keys, memoryLogger, scoutDatabase } from './support/scout-store.js';

let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
let fake: FakeScout | undefined;

afterEach(async () => {
  await fake?.close();
  await database?.drop();
  [fake, database] = [undefined, undefined];
});

describe.each(ENGINES)('the Docker Scout exporter on %s', (engine) => {
  const log = memoryLogger();

  async function setUp(): Promise<Db> {
    database = await scoutDatabase(engine);
    return database.db;
  }

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
      const engine = alertEngine(db, log.logger);
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
});
