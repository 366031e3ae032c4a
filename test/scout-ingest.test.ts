import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createScout } from '../src/app/scout.js';
import { IMAGE_ALERTS_MAX } from '../src/domain/scout-rules.js';
import { INGEST_MAX_BYTES, ingestRoute } from '../src/http/ingest.js';
import { createHttpServer, listen } from '../src/http/server.js';
import type { Db } from '../src/store/db.js';
import { ENGINES, type freshDatabase } from './support/databases.js';
import type { FakeScout } from './support/fake-scout.js';
import { alertEngine, deliveries, keys, memoryLogger, scoutDatabase, T0 } from './support/scout-store.js';

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

describe.each(ENGINES)('Docker Scout CI results on %s', (engine) => {
  const log = memoryLogger();

  async function setUp(): Promise<Db> {
    database = await scoutDatabase(engine);
    return database.db;
  }

  describe('POST /ingest/scout', () => {
    async function endpoint(maxBytes = 64 * 1024): Promise<{
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
              engine: alertEngine(db, log.logger),
              minSeverity: 'high',
            }),
            now: () => T0,
            logger: log.logger,
            maxBytes,
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
        alerted: 2,
        omitted: 0,
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
        engine: alertEngine(db, log.logger),
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

    it('a SARIF with 20,000 findings opens at most 500 alerts, the most severe, and counts the rest', async () => {
      const { db, post } = await endpoint(INGEST_MAX_BYTES);
      const sarif = manyFindings(20_000);
      expect(sarif.length).toBeLessThan(INGEST_MAX_BYTES);
      const res = await post(API, sarif);
      expect(res.status).toBe(200);
      const answer = (await res.json()) as { note?: string };
      expect(answer).toMatchObject({
        findings: 20_000,
        alerted: IMAGE_ALERTS_MAX,
        omitted: 20_000 - IMAGE_ALERTS_MAX,
        opened: IMAGE_ALERTS_MAX,
      });
      expect(answer.note).toBe(
        '20000 findings at or above high: the 500 most severe are alerts, 19500 more are counted only. Fix the worst first, or raise INGEST_MIN_SEVERITY.',
      );
      const open = await db.query(
        "SELECT severity, count(*)::int AS n FROM alerts WHERE state = 'open' GROUP BY severity",
      );
      expect(open).toEqual([{ severity: 'critical', n: IMAGE_ALERTS_MAX }]);
      expect(await db.query('SELECT findings FROM scout_image_scans')).toEqual([{ findings: 20_000 }]);
    }, 60_000);
  });
});

/** A compact `docker scout cves --format sarif` of `n` vulnerabilities: one critical in every ten, the rest high. */
function manyFindings(n: number): string {
  const ids = Array.from({ length: n }, (_, i) => `CVE-2099-${String(i).padStart(5, '0')}`);
  const rules = ids.map((id, i) => ({
    id,
    properties: { cvssV3_severity: i % 10 === 0 ? 'CRITICAL' : 'HIGH' },
  }));
  const results = ids.map((ruleId) => ({ ruleId, level: 'error', message: { text: 'x' } }));
  return JSON.stringify({
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'docker scout', rules } }, results }],
  });
}
