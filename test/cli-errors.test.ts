import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, type CliResult, runCli } from './support/cli.js';

// The CLI's one error boundary (src/cli/failure.ts), through the built CLI as a user runs it.
const ENV = { SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: '', LOG_LEVEL: '' };
const STACK = /^\s+at /m;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'insights-cli-errors-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One sentence on stderr, nothing on stdout, no stack trace. */
function expectOneSentence(result: CliResult, sentence: string | RegExp): void {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).not.toMatch(STACK);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr.trim()).toMatch(sentence);
}

// Each command that gets as far as the store starts its own embedded PostgreSQL: allow for a loaded machine.
describe('insights-bot with bad input', { timeout: 90_000 }, () => {
  it('every command with an unknown flag exits 2 with its usage and no stack trace', async () => {
    const out = join(dir, 'x.csv');
    const cases: Array<[string[], string]> = [
      [['sync', '--bogus-flag'], '--bogus-flag'],
      [['digest', '--dry'], '--dry'],
      [['render', 'containers', '--bogus'], '--bogus'],
      [['import', '--bogus', 'f'], '--bogus'],
      [['export', 'users', '--colour', 'red', '--out', out], '--colour'],
      [['serve', '--bogus'], '--bogus'],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(args, { ...ENV, DATA_DIR: 'memory://' })));
    for (const [i, [args, flag]] of cases.entries()) {
      const result = results[i] as CliResult;
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toMatch(STACK);
      const [first, usage] = result.stderr.split('\n');
      expect(first).toBe(`Unknown option '${flag}'.`);
      expect(usage).toMatch(new RegExp(`^Usage: insights-bot ${args[0]}\\b`));
    }
  });

  it('a missing file, a folder, or an output it cannot write: exit 1, one sentence naming the file', async () => {
    const env = { ...ENV, DATA_DIR: join(dir, 'data') };
    const missing = join(dir, 'missing.csv');
    expectOneSentence(
      await runCli(['import', missing], env),
      `Cannot read ${missing}: there is no such file.`,
    );
    expectOneSentence(await runCli(['import', dir], env), `Cannot read ${dir}: it is a folder; give a file.`);
    const nowhere = join(dir, 'no-such-folder', 'chart.png');
    expectOneSentence(
      await runCli(['render', 'containers', '--out', nowhere], env),
      `Cannot write ${nowhere}: the folder ${join(dir, 'no-such-folder')} does not exist.`,
    );
    const folder = join(dir, 'charts.png');
    await mkdir(folder);
    expectOneSentence(
      await runCli(['render', 'containers', '--out', folder], env),
      `Cannot write ${folder}: it is a folder; give a file.`,
    );
    expectOneSentence(
      await runCli(['export', 'users', `--out=${nowhere}`], env),
      `Cannot write ${nowhere}: the folder ${join(dir, 'no-such-folder')} does not exist.`,
    );
  });

  it('LOG_LEVEL=debug adds the stack trace to the sentence', async () => {
    const result = await runCli(['import', join(dir, 'missing.csv')], {
      ...ENV,
      DATA_DIR: join(dir, 'data'),
      LOG_LEVEL: 'debug',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(STACK);
    expect(result.stderr).toContain('there is no such file.');
  });

  it('serve on a port in use: exit 1, "port … is in use"', async () => {
    const busy: Server = createServer();
    const port = await new Promise<number>((resolve) =>
      busy.listen(0, '127.0.0.1', () => resolve((busy.address() as { port: number }).port)),
    );
    try {
      const result = await runCli(['serve'], {
        ...ENV,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: 'memory://',
      });
      expectOneSentence(result, `port ${port} is in use: stop the other process or set PORT.`);
    } finally {
      busy.close();
    }
  });

  it('a DATA_DIR the bot cannot write: exit 1, naming the uid the bot runs as', async () => {
    // As root (which may write anywhere) the CLI runs as `nobody`; otherwise the folder is made read-only.
    const root = process.getuid?.() === 0;
    const dataDir = join(dir, 'not-mine');
    await mkdir(dataDir);
    if (!root) await chmod(dataDir, 0o500);
    const uid = root ? 65534 : (process.getuid?.() ?? 0);
    const child = spawn(process.execPath, [CLI, 'digest', '--dry-run'], {
      env: { ...process.env, ...ENV, DATA_DIR: dataDir },
      ...(root ? { uid, gid: 65534 } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expectOneSentence(
      { code, stdout, stderr },
      `cannot write DATA_DIR=${dataDir}: it must be writable by uid ${uid}, which the bot runs as (\`chown ${uid}\` the folder mounted there, use a named volume, or set DATABASE_URL).`,
    );
  });
});
