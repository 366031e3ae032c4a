import { dirname } from 'node:path';
import { ConfigError, InsightsError } from '../errors.js';
import { usageOf } from './usage.js';

/** What a failed command prints (stderr) and its exit code: 2 for a usage error, 1 for a failure. */
export interface Failure {
  exitCode: 1 | 2;
  message: string;
}

type SystemError = NodeJS.ErrnoException & { port?: number; address?: string };

/**
 * The CLI's one error boundary (src/cli.ts): whatever a command throws becomes one sentence. Options
 * node:util's parseArgs rejects get the command's usage; files, ports and settings are named with the
 * fix. The stack trace is for LOG_LEVEL=debug only (the caller prints it).
 */
export function describeFailure(err: unknown, argv: string[]): Failure {
  const command = argv[0] ?? 'serve';
  const e = (typeof err === 'object' && err !== null ? err : {}) as SystemError;
  const code = typeof e.code === 'string' ? e.code : '';
  if (code.startsWith('ERR_PARSE_ARGS_')) {
    return { exitCode: 2, message: `${firstSentence(String(e.message))}\n${usageOf(command)}` };
  }
  if (err instanceof ConfigError || err instanceof InsightsError)
    return { exitCode: 1, message: err.message };
  if (e.syscall === 'listen') return { exitCode: 1, message: listenFailure(e) };
  if (code && typeof e.path === 'string') {
    return {
      exitCode: 1,
      message: fileFailure(e, e.path, outputs(argv).includes(e.path) ? 'write' : 'read'),
    };
  }
  const text = err instanceof Error ? err.message : String(err);
  return {
    exitCode: 1,
    message: `insights-bot ${command} failed: ${firstSentence(text)} Set LOG_LEVEL=debug to see where.`,
  };
}

/** node:util's messages add advice about `--` that does not apply here: the first sentence is the point. */
function firstSentence(text: string): string {
  const first = text.split(/(?<=\.) /)[0]?.trim() ?? text;
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** The files a command writes (`--out`), so a file error can say "write" instead of "read". */
function outputs(argv: string[]): string[] {
  return argv.flatMap((arg, i) =>
    arg === '--out' ? [argv[i + 1] ?? ''] : arg.startsWith('--out=') ? [arg.slice(6)] : [],
  );
}

function listenFailure(e: SystemError): string {
  const port = e.port ?? '';
  switch (e.code) {
    case 'EADDRINUSE':
      return `port ${port} is in use: stop the other process or set PORT.`;
    case 'EACCES':
      return `cannot listen on port ${port}: only root may use ports below 1024; set PORT to 1024 or above.`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${e.address ?? 'HOST'}: no network interface here has that address; set HOST.`;
    default:
      return `cannot listen on port ${port}: ${e.code}; check PORT and HOST.`;
  }
}

function fileFailure(e: SystemError, path: string, verb: 'read' | 'write'): string {
  const cannot = `Cannot ${verb} ${path}`;
  switch (e.code) {
    case 'ENOENT':
      return verb === 'write'
        ? `${cannot}: the folder ${dirname(path)} does not exist.`
        : `${cannot}: there is no such file.`;
    case 'EISDIR':
      return `${cannot}: it is a folder; give a file.`;
    case 'ENOTDIR':
      return `${cannot}: a part of the path is a file, not a folder.`;
    case 'EACCES':
    case 'EPERM':
      return `${cannot}: permission denied for uid ${process.getuid?.() ?? '?'}, which the bot runs as.`;
    case 'EROFS':
      return `${cannot}: the file system is read-only.`;
    case 'ENOSPC':
      return `${cannot}: the disk is full.`;
    default:
      return `${cannot}: ${e.code}.`;
  }
}
