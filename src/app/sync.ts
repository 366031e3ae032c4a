/**
 * Pulls the configured Docker sources (./sources/) into the store, records each one's health for
 * `/insights status`, and runs the alert rules that read what changed.
 */
import type { MetricsRecorder } from '../domain/metrics.js';
import type { Logger } from '../logger.js';
import { scrub } from '../logger.js';
import { createStatusRepo } from '../store/status-repo.js';
import type { RuleInput, RuleRunner } from './rules.js';
import { SOURCES, type Source, type SourceContext } from './sources/index.js';

export interface SourceResult {
  source: string;
  ok: boolean;
  /** False when the source had nothing to do this time (its data is recent). */
  skipped?: boolean;
  /** What it stored (and the alerts it opened or resolved), or the error in plain words. */
  detail: string;
  opened: number;
  resolved: number;
}

export interface Sync {
  /** The sources this configuration has, by name. */
  readonly sources: readonly string[];
  /** Runs every configured source (or `only` those), in order; `force` ignores "too recent" checks. */
  run(now: Date, options?: { only?: readonly string[]; force?: boolean }): Promise<SourceResult[]>;
  /** True when the source's last success is older than `maxAgeMs` (or it never succeeded). */
  isStale(source: string, now: Date, maxAgeMs: number): Promise<boolean>;
}

export function createSync(
  ctx: SourceContext & { rules: RuleRunner; logger: Logger; metrics?: Pick<MetricsRecorder, 'sync'> },
  sources: readonly Source[] = SOURCES,
): Sync {
  const configured = sources.filter((s) => s.configured(ctx));
  const status = createStatusRepo(ctx.db);

  async function runOne(source: Source, now: Date, force: boolean): Promise<SourceResult> {
    const log = ctx.logger.child({ source: source.name });
    const result = { source: source.name, ok: true, opened: 0, resolved: 0 };
    let step: Awaited<ReturnType<Source['run']>>;
    try {
      step = await source.run(ctx, now, { force });
    } catch (err) {
      const message = scrub(err instanceof Error ? err.message : String(err));
      await status.failure(ctx.org, source.name, now, message);
      ctx.metrics?.sync(source.name, false);
      log.error({ err }, 'source sync failed');
      return { ...result, ok: false, detail: message };
    }
    if ('skipped' in step) return { ...result, skipped: true, detail: `skipped: ${step.skipped}` };
    await status.success(ctx.org, source.name, now, step.detail, step.dataAsOf ?? null);
    ctx.metrics?.sync(source.name, true);
    log.info({ detail: step.detail }, 'source synced');
    // Stored first: a failed evaluation is kept by the rule runner and redone on the next alerts tick.
    const run = await ctx.rules.changed(source.feeds as RuleInput[], now);
    const alerts =
      run.opened + run.resolved > 0 ? `, ${run.opened} alerts opened, ${run.resolved} resolved` : '';
    return { ...result, ...run, detail: `${step.detail}${alerts}` };
  }

  return {
    sources: configured.map((s) => s.name),
    async run(now, options = {}) {
      const results: SourceResult[] = [];
      for (const source of configured) {
        if (options.only && !options.only.includes(source.name)) continue;
        results.push(await runOne(source, now, options.force ?? false));
      }
      return results;
    },
    async isStale(source, now, maxAgeMs) {
      const last = (await status.list(ctx.org)).find((s) => s.source === source)?.lastSuccessAt;
      return !last || now.getTime() - last.getTime() > maxAgeMs;
    },
  };
}
