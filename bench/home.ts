import { startSlackStandIn } from '../src/sandbox/slack-stand-in.js';
import { appHomeOpenedEvent, eventCallbackBody, signedJsonHeaders } from '../src/slack/sign.js';
import { SECRET, startBenchBot } from './bot-process.js';
import { ms, percentile } from './stats.js';

/**
 * `app_home_opened` → `views.publish` for that user, with the headline image warm (rendered and uploaded
 * by a first visit), against the built bot in its own process and the loopback Slack stand-in here: 60
 * users one after another (each a first visit, then each again), and 20 users at the same moment.
 */
export async function benchHome(): Promise<Record<string, string>> {
  const slack = await startSlackStandIn({ token: 'xoxb-bench' });
  const { bot, port } = await startBenchBot(slack.apiUrl, { INSIGHTS_ADMINS: 'U0BENCH000' });
  const published = (user: string) =>
    slack.calls.filter((c) => c.method === 'views.publish' && c.args.user_id === user).length;
  /** Milliseconds from sending the event to the bot's views.publish call for `user`. */
  const open = async (user: string): Promise<number> => {
    const before = published(user);
    const body = eventCallbackBody({ event: appHomeOpenedEvent(user) });
    const t = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: signedJsonHeaders(SECRET, body),
      body,
    });
    if (res.status !== 200) throw new Error(`app_home_opened answered ${res.status}`);
    await slack.waitFor(() => published(user) > before || undefined, 30_000);
    return performance.now() - t;
  };
  const user = (i: number) => `U0BENCH${String(i).padStart(3, '0')}`;
  try {
    const cold = await open(user(0)); // renders and uploads the image
    const first: number[] = [];
    const again: number[] = [];
    for (let i = 1; i <= 60; i++) first.push(await open(user(i)));
    for (let i = 1; i <= 60; i++) again.push(await open(user(i)));
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => open(user(100 + i))));
    const uploads = slack.calls.filter((c) => c.method === 'files.getUploadURLExternal').length;
    return {
      'home tab, cold image (render + upload)': ms(cold),
      'home tab, warm image, first visit (p50 / p95)': `${ms(percentile(first, 50))} / ${ms(percentile(first, 95))}`,
      'home tab, warm image, returning (p50 / p95)': `${ms(percentile(again, 50))} / ${ms(percentile(again, 95))}`,
      'home tab, 20 users at once (p50 / max)': `${ms(percentile(burst, 50))} / ${ms(Math.max(...burst))}`,
      'home tab image uploads for 141 opens': String(uploads),
    };
  } finally {
    bot.kill('SIGTERM');
    await slack.close();
  }
}
