import { startSlackStandIn } from '../src/sandbox/slack-stand-in.js';

/**
 * The loopback Slack stand-in in its own process, so a benchmark measures only the bot's side.
 * `CHANNELS=n` adds public channels C0BENCH0…, with the bot as a member. Prints `{ apiUrl }`.
 */
const slack = await startSlackStandIn({ token: 'xoxb-bench' });
for (let i = 0; i < Number(process.env.CHANNELS ?? 0); i++) {
  slack.addChannel({ id: `C0BENCH${i}`, name: `bench-${i}`, botIsMember: true });
}
process.stdout.write(`${JSON.stringify({ apiUrl: slack.apiUrl })}\n`);
process.on('SIGTERM', () => {
  void slack.close().then(() => process.exit(0));
});
