import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, toDay } from '../src/domain/period.js';
import { type SlackStandIn, startSlackStandIn } from '../src/sandbox/slack-stand-in.js';
import { signedHeaders, slashCommandBody } from '../src/slack/sign.js';
import { pngSize } from './support/bot-harness.js';
import { CLI, exited, runCli as run, serveCli } from './support/cli.js';
import { generateMembers, generateUsagePullsCsv, startFakeDocker } from './support/fake-docker.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'insights-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('insights-bot render', () => {
  it.each(['users', 'builds', 'containers', 'usage', 'images', 'extensions'])(
    'writes a PNG at least 1200 px wide for %s',
    async (chart) => {
      const out = join(dir, `${chart}.png`);
      const result = await run(['render', chart, '--period', '1m', '--out', out], {
        DATA_DIR: join(dir, 'render-data'),
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const size = pngSize(await readFile(out));
      expect(size.width).toBeGreaterThanOrEqual(1200);
      expect(size.height).toBeGreaterThan(0);
    },
  );

  it('names the fix for a mistyped chart or period', async () => {
    const chart = await run(['render', 'containr', '--out', join(dir, 'x.png')]);
    expect(chart.code).toBe(2);
    expect(chart.stderr).toContain('Did you mean "containers"?');
    const period = await run(['render', 'users', '--period', '5y', '--out', join(dir, 'x.png')]);
    expect(period.code).toBe(2);
    expect(period.stderr).toContain('Use 1w, 1m or 3m');
  });
});

describe('insights-bot serve', () => {
  let slack: SlackStandIn;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    slack = await startSlackStandIn({ token: 'xoxb-cli-test' });
  });
  afterAll(async () => {
    child?.kill('SIGTERM');
    await slack.close();
  });

  it('fails fast naming the variable to fix', async () => {
    const result = await run(['serve'], {
      SLACK_BOT_TOKEN: 'xoxb-x',
      SLACK_SIGNING_SECRET: '',
      SLACK_APP_TOKEN: '',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SLACK_SIGNING_SECRET');
  });

  it('without Slack credentials, prints the sandbox page’s address first and serves the page', async () => {
    const sandbox = spawn(process.execPath, [CLI, 'serve'], {
      env: {
        ...process.env,
        SLACK_BOT_TOKEN: '',
        SLACK_SIGNING_SECRET: '',
        SLACK_APP_TOKEN: '',
        LOG_LEVEL: '',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: join(dir, 'sandbox-data'),
      },
    });
    try {
      const first = await new Promise<string>((resolve, reject) => {
        let out = '';
        sandbox.stdout.on('data', (d) => {
          out += d;
          if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
        });
        sandbox.on('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
      });
      const url = /^Insights Bot sandbox: (http:\/\/localhost:\d+) /.exec(first)?.[1];
      expect(url, first).toBeDefined();
      const page = await fetch(`${url?.replace('localhost', '127.0.0.1')}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
    } finally {
      sandbox.kill('SIGTERM');
      await exited(sandbox);
    }
  });

  it('serves signed slash commands on POST /slack/events and uploads the chart', async () => {
    const secret = 'cli-test-signing-secret';
    const serving = serveCli({
      SLACK_BOT_TOKEN: 'xoxb-cli-test',
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: slack.apiUrl,
      SLACK_APP_TOKEN: '',
      DATA_DIR: join(dir, 'data'),
    });
    child = serving.child;
    const port = await serving.ready;
    const body = slashCommandBody({
      text: 'containers 1m',
      channelId: 'C0INSIGHTS',
      userId: 'U0BOB',
      responseUrl: slack.responseUrl('C0INSIGHTS', 'U0BOB'),
    });
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(secret, body),
      body,
    });
    expect(res.status).toBe(200);
    const message = await slack.waitFor((s) => s.history('C0INSIGHTS').find((m) => m.files?.length));
    expect(message.files?.[0]?.filename).toMatch(/^acme-containers-1m-\d{4}-\d{2}-\d{2}\.png$/);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });
});

describe('insights-bot sync and import', () => {
  it('syncs a Docker organization into the store; a second run adds nothing; a refused token names DOCKER_TOKEN', {
    timeout: 60_000,
  }, async () => {
    const yesterday = addDays(toDay(new Date()), -1);
    const fake = await startFakeDocker({
      org: 'globex',
      credentials: [{ identifier: 'globex', secret: 'dckr_oat_globex' }],
      members: generateMembers(50, { seed: 5 }),
      pullReports: new Map([[yesterday, generateUsagePullsCsv(yesterday, 20, { seed: 5, org: 'globex' })]]),
    });
    const env = {
      DOCKER_ORG: 'globex',
      DOCKER_TOKEN: 'dckr_oat_globex',
      DOCKER_HUB_URL: fake.hubUrl,
      DOCKER_API_URL: fake.apiUrl,
      DATA_DIR: join(dir, 'sync-data'),
      SLACK_BOT_TOKEN: '',
      SLACK_SIGNING_SECRET: '',
      SLACK_APP_TOKEN: '',
    };
    try {
      const first = await run(['sync'], env);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/ok +hub-members: \d+ members/);
      expect(first.stdout).toMatch(/ok +usage-pulls: 1 daily reports/);
      const second = await run(['sync'], env);
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/ok +activity-log: 0 new events/);
      expect(second.stdout).toContain('usage-pulls: no new reports');

      const refused = await run(['sync'], { ...env, DOCKER_TOKEN: 'dckr_oat_wrong' });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain('DOCKER_TOKEN');
      expect(refused.stdout + refused.stderr).not.toContain('dckr_oat_wrong');

      const imported = await run(
        ['import', new URL('./fixtures/imports/desktop-users.csv', import.meta.url).pathname],
        env,
      );
      expect(imported.code).toBe(0);
      expect(imported.stdout).toMatch(/Imported \d+ rows .*desktop-users/);
      const bad = await run(
        ['import', new URL('./fixtures/imports/desktop-users-bad-date.csv', import.meta.url).pathname],
        env,
      );
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/line 5, column "Last Seen Date"/);
    } finally {
      await fake.close();
    }
  });
});

describe('insights-bot digest --dry-run', () => {
  const probe = new URL('./support/listen-probe.mjs', import.meta.url).pathname;

  it('runs the digest job without opening a port', async () => {
    const env = {
      NODE_OPTIONS: `--import=${probe}`,
      DATA_DIR: join(dir, 'digest-data'),
      SLACK_BOT_TOKEN: '',
      SLACK_SIGNING_SECRET: '',
      SLACK_APP_TOKEN: '',
    };
    const dry = await run(['digest', '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^No digest is due \(data day \d{4}-\d{2}-\d{2}\)\./);
    expect(dry.stderr).not.toContain('[listen-probe]');
    // The probe does see a server that listens.
    const control = spawn(
      process.execPath,
      ['-e', "require('node:http').createServer().listen(0, () => process.exit(0))"],
      {
        env: { ...process.env, ...env },
      },
    );
    let stderr = '';
    control.stderr.on('data', (d) => {
      stderr += d;
    });
    await exited(control);
    expect(stderr).toContain('[listen-probe] a server started listening');
  });
});
