import type { Harness } from './bot-harness.js';

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
