import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Harness, startHarness } from './support/bot-harness.js';

// The demo organization with IMPORT_DIR: compliance reports feed its drift alerts; other kinds are refused.
const FIXTURES = new URL('./fixtures/imports/', import.meta.url).pathname;
let h: Harness;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'insights-demo-import-'));
  h = await startHarness({ IMPORT_DIR: dir, INSIGHTS_ADMINS: 'U0ADMIN' });
});
afterAll(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

const posts = (channel: string) => h.slack.history(channel).filter((m) => !m.ephemeralTo);

describe('IMPORT_DIR in demo mode', () => {
  it('opens drift alerts from a dropped compliance report within seconds', async () => {
    expect(h.bot.services.charts.kind).toBe('demo');
    await h.command('subscribe drift', { user: 'U0ADMIN', channel: 'C0SECURITY' });
    await h.slack.waitFor((s) => s.history('C0SECURITY', 'U0ADMIN').find((m) => m.ephemeralTo === 'U0ADMIN'));
    await copyFile(join(FIXTURES, 'compliance.csv'), join(dir, 'settings-report.csv'));
    // The folder is read every 2 s; the queue is drained by hand here (the test clock drives its pacing).
    await vi.waitFor(
      async () => {
        await h.bot.queue.drain();
        expect(posts('C0SECURITY')).toHaveLength(1);
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(posts('C0SECURITY')[0]?.text).toMatch(/new drift alerts/);
    expect(JSON.stringify(posts('C0SECURITY')[0]?.blocks)).toContain('bob@example.com');
    expect((await readdir(join(dir, 'imported'))).some((f) => f.endsWith('settings-report.csv'))).toBe(true);
  });

  it('moves another kind to failed/ with the reason', async () => {
    await copyFile(join(FIXTURES, 'insights-sample.csv'), join(dir, 'snapshot.csv'));
    const reason = await vi.waitFor(
      async () => {
        const name = (await readdir(join(dir, 'failed'))).find((f) => f.endsWith('snapshot.csv.error.txt'));
        expect(name).toBeDefined();
        return readFile(join(dir, 'failed', name ?? ''), 'utf8');
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(reason).toContain('snapshot.csv is an Insights snapshot: it needs DOCKER_ORG');
    expect(reason).toContain('the demo organization takes settings-compliance reports only');
    expect((await readdir(join(dir, 'failed'))).some((f) => f.endsWith('-snapshot.csv'))).toBe(true);
  });
});
