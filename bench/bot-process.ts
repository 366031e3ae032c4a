import { type ChildProcess, spawn } from 'node:child_process';

export const SECRET = 'bench-signing-secret';
const CLI = new URL('../dist/cli.js', import.meta.url).pathname;

/**
 * The built bot in its own process (as `npm start` runs it), in HTTP mode against the Slack stand-in at
 * `slackApiUrl`; resolves with its port from the ready line.
 */
export async function startBenchBot(
  slackApiUrl: string,
  env: Record<string, string> = {},
): Promise<{ bot: ChildProcess; port: number }> {
  const bot = spawn(process.execPath, [CLI, 'serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slackApiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: 'memory://',
      LOG_LEVEL: 'info',
      ...(process.env.RENDER_WORKERS ? { RENDER_WORKERS: process.env.RENDER_WORKERS } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    bot.stdout?.on('data', (d) => {
      out += d;
      const match = /"port":(\d+)[^\n]*insights bot ready/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    bot.once('exit', (code) => reject(new Error(`bot exited ${code}`)));
  });
  return { bot, port };
}
