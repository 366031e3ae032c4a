/** The CLI's answers to wrong input or nothing to write (issue 22): one sentence that names the fix. */
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as run } from './support/cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'insights-cli-answers-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('insights-bot render and export, given the wrong thing', () => {
  it('asks for a chart when none is named, instead of "Unknown chart """', async () => {
    const result = await run(['render', '--out', join(dir, 'x.png')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Name a chart: users, builds, containers, usage, images, extensions.');
    expect(result.stderr).toContain('Usage: insights-bot render');
    expect(result.stderr).not.toContain('Unknown chart');
  });

  it('refuses to write a PNG into a file named .jpg', async () => {
    const out = join(dir, 'chart.jpg');
    const result = await run(['render', 'users', '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('give --out a file name ending in .png');
    expect(await exists(out)).toBe(false);
  });

  it('says the longest period is 3m for 12m and 1y', async () => {
    for (const period of ['12m', '1y']) {
      const result = await run(['render', 'users', '--period', period, '--out', join(dir, 'x.png')]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('The longest period is "3m" (90 days).');
      expect(result.stderr).not.toContain('Did you mean');
    }
  });

  it('says a filter belongs to the activity export, not that "actor:x" is an unknown period', async () => {
    const result = await run(['export', 'users', '--actor', 'x', '--out', join(dir, 'u.csv')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('The users export takes a period, not a filter');
    expect(result.stderr).not.toContain('Unknown period');
  });

  it('writes no header-only file when there is no activity log, and says why', async () => {
    const out = join(dir, 'activity.csv');
    const result = await run(['export', 'activity', '--out', out], { DATA_DIR: 'memory://', DOCKER_ORG: '' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'There is no activity log to export: the demo organization has none. Set DOCKER_ORG and DOCKER_TOKEN (README › Connect Docker) and run `insights-bot sync`.',
    );
    expect(await exists(out)).toBe(false);
  });
});
