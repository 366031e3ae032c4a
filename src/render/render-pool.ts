// Keeps canvas's native libraries loaded for the process: when the last thread holding them exits, Node
// unloads the addon, and pango's per-thread cleanup in an exiting worker then jumps into unmapped code (SIGSEGV).
import 'canvas';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Digest } from '../domain/digest.js';
import type { ChartView } from '../domain/insights.js';
import type { RenderJob, RenderReply, RenderRequest } from './chart-worker.js';

export interface RenderPool {
  /** Renders `view` to a PNG on a worker thread; queued while every worker is busy. */
  render(view: ChartView<string>): Promise<Buffer>;
  /** Renders a digest's combined image (`renderDigestPng`) on a worker thread. */
  renderDigest(digest: Digest): Promise<Buffer>;
  /** Terminates every worker; waiting and running jobs reject with a `render_pool_closed` error. */
  close(): Promise<void>;
  readonly size: number;
}

export type RenderErrorCode = 'render_pool_closed' | 'render_worker_crashed' | 'render_failed';

export class RenderError extends Error {
  constructor(
    readonly code: RenderErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RenderError';
  }
}

export interface RenderPoolOptions {
  /** Worker threads; default: the available parallelism minus one (at least one). */
  size?: number;
  /** The worker script (`.js`, `.mjs` or `.ts`); default: chart-worker beside this module. For tests. */
  workerUrl?: URL;
}

interface Job {
  id: number;
  work: RenderJob;
  resolve(png: Buffer): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? './chart-worker.ts' : './chart-worker.js',
  import.meta.url,
);

/**
 * A render job's garbage is short-lived canvases and Chart.js objects: a small young generation keeps
 * the worker's memory flat (V8's default grows it to ~30 MB after a few charts) at no cost in speed.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 2 };

/** Starts `url` on a worker thread; a `.ts` script (tests, `tsx` dev runs) is loaded through tsx. */
function startWorker(url: URL): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { resourceLimits: WORKER_LIMITS });
  // Node 20 ignores `--import tsx` in a Worker's execArgv, so the worker registers tsx's hooks itself.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const boot = `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { eval: true });
}

export function createRenderPool(options: RenderPoolOptions = {}): RenderPool {
  // One core stays with the main thread: it acknowledges Slack within 3 s (p99 < 100 ms under load).
  const size = Math.max(1, options.size ?? availableParallelism() - 1);
  const workerUrl = options.workerUrl ?? WORKER_URL;
  const slots: Array<Slot | null> = Array.from({ length: size }, () => null);
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;

  function settle(slot: Slot, result: Buffer | Error): void {
    const job = slot.job;
    slot.job = null;
    // An idle worker must not keep the process alive; a busy one should.
    slot.worker.unref();
    if (job) result instanceof Error ? job.reject(result) : job.resolve(result);
  }

  function spawn(index: number): Slot {
    const worker = startWorker(workerUrl);
    const slot: Slot = { worker, job: null };
    worker.unref();
    worker.on('message', (reply: RenderReply) => {
      if (slot.job?.id !== reply.id) return;
      settle(slot, reply.ok ? Buffer.from(reply.png) : new RenderError('render_failed', reply.message));
      dispatch();
    });
    const crash = (reason: string) => {
      if (slots[index] !== slot) return;
      // The slot is refilled when the next job needs it, so a worker that cannot start never spins.
      slots[index] = null;
      settle(slot, new RenderError('render_worker_crashed', `chart worker crashed: ${reason}`));
      dispatch();
    };
    worker.on('error', (error) => crash(error.message));
    worker.on('messageerror', (error) => crash(`unreadable message (${error.message})`));
    worker.on('exit', (code) => crash(`exited with code ${code}`));
    return slot;
  }

  function dispatch(): void {
    for (let i = 0; i < slots.length && queue.length > 0 && !closed; i++) {
      const slot = slots[i] ?? spawn(i);
      slots[i] = slot;
      if (slot.job) continue;
      const job = queue.shift();
      if (!job) return;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, ...job.work } satisfies RenderRequest);
    }
  }

  // Start the workers now: a Worker boots on its own thread, so this does not block the caller.
  for (let i = 0; i < size; i++) slots[i] = spawn(i);

  function submit(work: RenderJob): Promise<Buffer> {
    if (closed) return Promise.reject(new RenderError('render_pool_closed', 'the render pool is closed'));
    return new Promise<Buffer>((resolve, reject) => {
      queue.push({ id: nextId++, work, resolve, reject });
      dispatch();
    });
  }

  return {
    size,
    render: (view) => submit({ kind: 'chart', view }),
    renderDigest: (digest) => submit({ kind: 'digest', digest }),
    async close() {
      if (closed) return;
      closed = true;
      const error = new RenderError('render_pool_closed', 'the render pool is closed');
      for (const job of queue.splice(0)) job.reject(error);
      const running = slots.filter((slot): slot is Slot => slot !== null);
      slots.fill(null);
      for (const slot of running) settle(slot, error);
      // ref() so the process waits for the workers' exit, which resolves terminate().
      await Promise.all(running.map((slot) => slot.worker.ref() ?? slot.worker.terminate()));
    },
  };
}
