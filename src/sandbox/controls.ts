import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Charts } from '../app/charts.js';
import type { DeliveryQueue } from '../app/delivery-queue.js';
import type { Digests } from '../app/digest.js';
import type { ImportOutcome } from '../app/imports.js';
import type { Subscriptions } from '../app/subscriptions.js';
import { DEMO_COMPLIANCE_STEPS, demoComplianceReport } from '../demo/demo-compliance.js';
import { nextDueInstant } from '../domain/schedule-time.js';

/**
 * What the sandbox page's control buttons do, provided by the composition root (src/main.ts) in
 * sandbox mode. Each resolves with one sentence for the page to show.
 */
export interface SandboxControls {
  /** Sends today's digest to every digest subscription now, whatever its local time (once per data day). */
  runDigest(): Promise<string>;
  /** Moves the sandbox clock to the next data day's digest time, then runs the digest job. */
  advanceDataDay(): Promise<string>;
  /** Imports the next step of a sample Settings Reporting export (drift opens, then resolves). */
  importSampleCompliance(): Promise<string>;
}

/** The sandbox's clock: real time plus however far "advance a data day" has moved it. */
export interface SandboxClock {
  now(): Date;
  advance(ms: number): void;
}

export function createSandboxClock(base: () => Date = () => new Date()): SandboxClock {
  let offset = 0;
  return {
    now: () => new Date(base().getTime() + offset),
    advance(ms) {
      offset += Math.max(0, ms);
    },
  };
}

const DAY = 86_400_000;

export interface SandboxControlDeps {
  clock: SandboxClock;
  digests: Digests;
  queue: Pick<DeliveryQueue, 'drain'>;
  subscriptions: Pick<Subscriptions, 'list'>;
  org: string;
  charts: Pick<Charts, 'dataAsOf' | 'members'>;
  importFile(path: string, now: Date): Promise<ImportOutcome>;
}

/** The controls, on the real digest job, import path and delivery queue: only the clock is simulated. */
export function createSandboxControls(deps: SandboxControlDeps): SandboxControls {
  let step = 0;
  const digestNow = async (force: boolean) => {
    const run = await deps.digests.run(deps.clock.now(), { force });
    await deps.queue.drain();
    return run;
  };
  const channels = (list: string[]) => list.map((c) => `<#${c}>`).join(', ');
  return {
    async runDigest() {
      const run = await digestNow(true);
      if (!run.dataDay) return 'No data day yet.';
      if (run.queued.length > 0) return `Sent the digest for ${run.dataDay} to ${channels(run.queued)}.`;
      const subs = await deps.subscriptions.list('digest');
      return subs.length === 0
        ? 'No channel is subscribed: type `/insights subscribe digest` in a channel first.'
        : `The digest for ${run.dataDay} was already sent; "Advance a data day" brings the next one.`;
    },
    async advanceDataDay() {
      deps.clock.advance(DAY);
      const dataDay = await deps.charts.dataAsOf(deps.clock.now());
      const subs = await deps.subscriptions.list('digest');
      if (dataDay && subs.length > 0) {
        // On to the first subscription's local digest time for the new day, if it is still ahead.
        const due = Math.min(...subs.map((s) => nextDueInstant(s.options, dataDay).getTime()));
        deps.clock.advance(due - deps.clock.now().getTime());
      }
      const run = await digestNow(false);
      const when = deps.clock.now().toISOString().slice(0, 16).replace('T', ' ');
      return `It is now ${when} UTC in the sandbox; data day ${dataDay ?? 'none'}. ${
        run.queued.length > 0
          ? `Digest sent to ${channels(run.queued)}.`
          : 'No digest subscription: type `/insights subscribe digest` in a channel.'
      }`;
    },
    async importSampleCompliance() {
      const now = deps.clock.now();
      const members = await deps.charts.members(now);
      const dir = await mkdtemp(join(tmpdir(), 'insights-sandbox-'));
      const current = step % DEMO_COMPLIANCE_STEPS;
      step += 1;
      try {
        const path = join(dir, `${deps.org}-settings-reporting-step-${current + 1}.csv`);
        await writeFile(path, demoComplianceReport(members, current, now));
        const outcome = await deps.importFile(path, now);
        await deps.queue.drain();
        const story = ['three users drift', 'one of them is compliant again', 'everyone is compliant again'][
          current
        ];
        if (outcome.status !== 'imported') return 'That report was already imported.';
        const subscribed = (await deps.subscriptions.list('drift')).length > 0;
        return `Imported sample report ${current + 1} of ${DEMO_COMPLIANCE_STEPS} (${outcome.rows} users): ${story}.${
          subscribed ? '' : ' Type `/insights subscribe drift` in a channel to get the alerts.'
        }`;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
