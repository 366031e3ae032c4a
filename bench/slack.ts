import { startSlackStandIn } from '../src/sandbox/slack-stand-in.js';
import { signedHeaders, slashCommandBody } from '../src/slack/sign.js';
import { SECRET, startBenchBot } from './bot-process.js';
import { ms, percentile } from './stats.js';

/**
 * Acknowledgement latency with 50 commands in flight, and slash command → chart uploaded, against
 * the built bot in its own process (as `npm start` runs it) and the loopback Slack stand-in here.
 */
export async function benchSlack(): Promise<Record<string, string>> {
  const slack = await startSlackStandIn({ token: 'xoxb-bench' });
  const { bot, port } = await startBenchBot(slack.apiUrl);
  const send = (text: string) => {
    const body = slashCommandBody({
      text,
      channelId: 'C0INSIGHTS',
      userId: 'U0BENCH',
      responseUrl: slack.responseUrl('C0INSIGHTS', 'U0BENCH'),
    });
    return fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(SECRET, body),
      body,
    });
  };
  const uploads = () => slack.calls.filter((c) => c.method === 'files.completeUploadExternal').length;
  const charts = ['users', 'builds', 'containers', 'usage', 'images', 'extensions'];
  try {
    for (const c of charts) await send(c); // warm up
    await slack.waitFor(() => uploads() >= charts.length || undefined, 30_000);

    const endToEnd: number[] = [];
    for (let i = 0; i < 30; i++) {
      const before = uploads();
      const t = performance.now();
      await send(`${charts[i % charts.length]} 1m`);
      await slack.waitFor(() => uploads() > before || undefined, 30_000);
      endToEnd.push(performance.now() - t);
    }

    const acks: number[] = [];
    for (let wave = 0; wave < 4; wave++) {
      const before = uploads();
      await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const t = performance.now();
          const res = await send(`${charts[i % charts.length]} 1m`);
          acks.push(performance.now() - t);
          if (res.status !== 200) throw new Error(`ack status ${res.status}`);
        }),
      );
      await slack.waitFor(() => uploads() >= before + 50 || undefined, 60_000);
    }
    return {
      'ack, 50 in flight (p50 / p99)': `${ms(percentile(acks, 50))} / ${ms(percentile(acks, 99))}`,
      'command → chart uploaded (p50 / p95)': `${ms(percentile(endToEnd, 50))} / ${ms(percentile(endToEnd, 95))}`,
    };
  } finally {
    bot.kill('SIGTERM');
    await slack.close();
  }
}
