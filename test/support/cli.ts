import { type ChildProcess, spawn } from 'node:child_process';

/** The compiled CLI (dist/, built by `npm test` before vitest), run the way a user runs it. */
export const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts one CLI command; `done` resolves when it ends (code null when killed by a signal). */
export function startCli(
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

/** Runs one CLI command to its end. */
export const runCli = (args: string[], env: Record<string, string> = {}): Promise<CliResult> =>
  startCli(args, env).done;

/** Starts `insights-bot serve` and resolves with the port from its ready line (JSON on stdout, so `info`). */
export function serveCli(env: Record<string, string>): { child: ChildProcess; ready: Promise<number> } {
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env, LOG_LEVEL: 'info' },
  });
  const ready = new Promise<number>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
      const match = /"port":(\d+)[^\n]*insights bot ready/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('exit', (code, signal) => reject(new Error(`exited with ${code ?? signal}: ${out}${err}`)));
  });
  return { child, ready };
}

/** Resolves once the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
