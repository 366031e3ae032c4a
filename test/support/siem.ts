import { type Harness, NOW } from './bot-harness.js';

/**
 * Runs the SIEM worker's passes on the bot's clock until nothing waits to be sent (or acknowledged),
 * moving the clock `stepMs` between passes so backoffs and ack time-outs run out. Returns the passes taken.
 */
export async function drainSiem(
  h: Harness,
  clock: { now(): Date; advance(ms: number): Date },
  options: { stepMs?: number; maxPasses?: number } = {},
): Promise<number> {
  const max = options.maxPasses ?? 200;
  for (let pass = 1; pass <= max; pass++) {
    await h.bot.services.siem.runOnce(clock.now());
    const [row] = await h.bot.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM siem_outbox o JOIN siem_destinations d ON d.name = o.destination
        WHERE o.state IN ('pending', 'acking') AND d.state = 'active'`,
    );
    if (row?.n === 0) return pass;
    clock.advance(options.stepMs ?? 6 * 60_000);
  }
  throw new Error(`the SIEM outbox did not drain in ${max} passes`);
}

/** The ids of `records`, and those that appear more than once. */
export function idsOf(records: Array<{ id?: unknown }>): { ids: Set<string>; repeated: string[] } {
  const ids = new Set<string>();
  const repeated: string[] = [];
  for (const r of records) {
    const id = String(r.id);
    if (ids.has(id)) repeated.push(id);
    ids.add(id);
  }
  return { ids, repeated };
}

/** The bot's clock, moved by the test (it starts at NOW). */
export function movableClock(h: () => Harness): { now(): Date; advance(ms: number): Date } {
  let clock = NOW.getTime();
  return {
    now: () => new Date(clock),
    advance(ms) {
      clock += ms;
      h().setNow(new Date(clock));
      return new Date(clock);
    },
  };
}

/** Runs `/insights <text>` as `user` in `channel` and resolves with the ephemeral answer. */
export async function answerOf(h: Harness, text: string, user: string, channel = 'C0INSIGHTS') {
  const mine = () => h.slack.history(channel, user).filter((m) => m.ephemeralTo === user);
  const before = mine().length;
  await h.command(text, { user, channel });
  return h.slack.waitFor(() => mine()[before]);
}
