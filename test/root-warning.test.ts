import { describe, expect, it } from 'vitest';
import { startCli } from './support/cli.js';
import { until } from './support/until.js';

describe('insights-bot serve as root', { timeout: 60_000 }, () => {
  // The tests run as root here (as many containers do); run as another user, the line must be absent.
  it('says so in one warning that names what it means and what to do, after the sandbox page’s address', async () => {
    const serve = startCli(['serve'], {
      SLACK_BOT_TOKEN: '',
      SLACK_SIGNING_SECRET: '',
      SLACK_APP_TOKEN: '',
      LOG_LEVEL: '',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: 'memory://',
      DATABASE_URL: '',
    });
    let out = '';
    serve.child.stdout?.on('data', (d) => {
      out += d;
    });
    const root = process.getuid?.() === 0;
    // As root the warning follows the address at once (same tick); as another user there is none to wait for.
    await until(
      'the start-up lines',
      () => (root ? /running as root[^\n]*\n/ : /open it in your browser/).test(out),
      30_000,
    );
    serve.child.kill('SIGKILL');
    await serve.done;

    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^Insights Bot sandbox: http:\/\/localhost:\d+ /);
    const warnings = lines.filter((l) => l.includes('running as root'));
    expect(warnings).toHaveLength(root ? 1 : 0);
    for (const line of warnings) {
      const warning = JSON.parse(line) as { level: string; uid: number; msg: string };
      expect(warning).toMatchObject({ level: 'warn', uid: 0 });
      expect(warning.msg).toMatch(
        /"postgres" user, .*mode 0700.*; run the bot as an unprivileged user of its own/,
      );
    }
  });
});
