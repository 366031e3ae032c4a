import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchImportDir } from '../src/app/import-watcher.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { type OpenedServices, openServices } from '../src/services.js';
import { createMembersRepo } from '../src/store/members-repo.js';
import { createPointsRepo } from '../src/store/points-repo.js';
import { TEST_DATABASE_URL } from './support/databases.js';

const FIXTURES = new URL('./fixtures/imports/', import.meta.url).pathname;
const NOW = new Date('2026-11-21T08:00:00Z');
const logger = createLogger({ level: 'silent' });

let core: OpenedServices | undefined;
let dir: string | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function openWith(env: Record<string, string> = {}): Promise<OpenedServices> {
  core = await openServices(loadConfig({ DOCKER_ORG: 'initech', DATA_DIR: 'memory://', ...env }), logger);
  return core;
}

const count = async (c: OpenedServices, table: string) =>
  Number((await c.db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE org = 'initech'`))[0]?.n);

describe('Admin Console imports', () => {
  it('imports the Docker Desktop users export into members, with opt-outs and versions', async () => {
    const c = await openWith();
    const outcome = await c.imports.importFile({ path: join(FIXTURES, 'desktop-users.csv'), by: 'cli' }, NOW);
    expect(outcome).toMatchObject({ status: 'imported', kind: 'desktop-users' });
    const members = await createMembersRepo(c.db).list('initech');
    const zoe = members.find((m) => m.username === 'zoe');
    expect(zoe).toMatchObject({
      name: 'Zoë Ångström',
      lastDesktopVersion: '4.34.2',
      optedOutAnalytics: false,
    });
    expect(members.some((m) => m.optedOutAnalytics)).toBe(true);
    // The same file again changes nothing.
    expect(
      await c.imports.importFile({ path: join(FIXTURES, 'desktop-users.csv'), by: 'cli' }, NOW),
    ).toMatchObject({
      status: 'duplicate',
    });
    expect(await count(c, 'imports')).toBe(1);
  });

  it('imports the Hub members export, the compliance report and an Insights snapshot', async () => {
    const c = await openWith();
    await c.imports.importFile({ path: join(FIXTURES, 'hub-members.csv'), by: 'cli' }, NOW);
    expect(await count(c, 'members')).toBeGreaterThan(0);
    await c.imports.importFile({ path: join(FIXTURES, 'compliance.csv'), by: 'cli' }, NOW);
    const statuses = await c.db.query<{ compliance_status: string }>(
      `SELECT DISTINCT compliance_status FROM compliance_records WHERE org = 'initech' ORDER BY 1`,
    );
    expect(statuses.map((s) => s.compliance_status)).toEqual(
      expect.arrayContaining([
        'Compliant',
        'Non-compliant',
        'Outdated',
        'No policy assigned',
        'Uncontrolled domain',
        'Unknown',
      ]),
    );
    await c.imports.importFile({ path: join(FIXTURES, 'insights-sample.csv'), by: 'cli' }, NOW);
    expect((await createPointsRepo(c.db).providedMetrics('initech')).has('builds_succeeded')).toBe(true);
  });

  it('uses a configured compliance header map (COMPLIANCE_HEADERS)', async () => {
    const c = await openWith({
      COMPLIANCE_HEADERS:
        'username=User ID;email=E-mail;complianceStatus=Policy state;assignedPolicy=Policy name;lastPolicyFetch=Fetched at;desktopVersion=Client version;machineId=Device',
    });
    const outcome = await c.imports.importFile(
      { path: join(FIXTURES, 'compliance-custom-headers.csv'), by: 'cli' },
      NOW,
    );
    expect(outcome).toMatchObject({ status: 'imported', kind: 'compliance' });
    expect(await count(c, 'compliance_records')).toBeGreaterThan(1);
  });

  it('imports nothing from a file with a bad row and names the line and column', async () => {
    const c = await openWith();
    await expect(
      c.imports.importFile({ path: join(FIXTURES, 'desktop-users-bad-date.csv'), by: 'cli' }, NOW),
    ).rejects.toThrow(/line 5, column "Last Seen Date"/);
    expect(await count(c, 'members')).toBe(0);
    expect(await count(c, 'imports')).toBe(0);
  });

  it('imports nothing from a compliance report missing a required column', async () => {
    const c = await openWith();
    await expect(
      c.imports.importFile(
        { path: join(FIXTURES, 'compliance-missing-column.csv'), kind: 'compliance', by: 'cli' },
        NOW,
      ),
    ).rejects.toThrow(/missing required column/);
    expect(await count(c, 'compliance_records')).toBe(0);
  });

  it('works the same on PostgreSQL', async () => {
    const c = await openWith({ DATABASE_URL: TEST_DATABASE_URL });
    // openCore uses the server's public schema as configured: this org's rows are cleaned around the test.
    await c.db.query(`DELETE FROM members WHERE org = 'initech'`);
    await c.db.query(`DELETE FROM imports WHERE org = 'initech'`);
    try {
      await c.imports.importFile({ path: join(FIXTURES, 'desktop-users.csv'), by: 'cli' }, NOW);
      expect(await count(c, 'members')).toBeGreaterThan(0);
      await expect(
        c.imports.importFile({ path: join(FIXTURES, 'desktop-users-bad-date.csv'), by: 'cli' }, NOW),
      ).rejects.toThrow(/line 5/);
    } finally {
      await c.db.query(`DELETE FROM members WHERE org = 'initech'`);
      await c.db.query(`DELETE FROM imports WHERE org = 'initech'`);
      await c.db.query(`DELETE FROM source_status WHERE org = 'initech'`);
      await c.db.query(`DELETE FROM daily_points WHERE org = 'initech'`);
    }
  });
});

describe('IMPORT_DIR', () => {
  it('imports a dropped file once and moves it aside; a bad one goes to failed/ with the reason', async () => {
    const c = await openWith();
    dir = await mkdtemp(join(tmpdir(), 'insights-import-'));
    await copyFile(join(FIXTURES, 'desktop-users.csv'), join(dir, 'users.csv'));
    await copyFile(join(FIXTURES, 'desktop-users-bad-date.csv'), join(dir, 'bad.csv'));
    const watcher = watchImportDir({
      dir,
      importFile: (path) => c.imports.importFile({ path, by: 'import-dir' }, NOW),
      logger,
      intervalMs: 60_000,
    });
    try {
      expect((await watcher.scan()).sort()).toEqual(['bad.csv', 'users.csv']);
      expect(await watcher.scan()).toEqual([]); // nothing left to import
    } finally {
      watcher.close();
    }
    expect(await readdir(dir)).toEqual(expect.arrayContaining(['imported', 'failed']));
    const failed = await readdir(join(dir, 'failed'));
    const reason = failed.find((f) => f.endsWith('.error.txt')) ?? '';
    expect(await readFile(join(dir, 'failed', reason), 'utf8')).toMatch(/line 5/);
    expect(await count(c, 'members')).toBeGreaterThan(0);
  });
});
