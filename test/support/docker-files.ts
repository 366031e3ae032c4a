import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');

export interface Stage {
  from: string;
  name?: string;
  /** Instructions with their continuation lines joined, comments dropped. */
  lines: string[];
}

/** The Dockerfile's global ARGs and its stages, each with its instructions (continuations joined). */
export function parseDockerfile(text: string): { args: Map<string, string>; stages: Stage[] } {
  const joined = text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const line of joined) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      stages.push({ from: from[1] ?? '', name: from[2], lines: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (stage) stage.lines.push(line);
    else {
      const arg = /^ARG\s+([A-Z_]+)=(\S+)/.exec(line);
      if (arg) args.set(arg[1] ?? '', arg[2] ?? '');
    }
  }
  return { args, stages };
}

/** `${NAME}` replaced from `args`, repeatedly (ARGs may use earlier ARGs). */
export function expand(value: string, args: Map<string, string>): string {
  let out = value;
  for (let i = 0; i < 5; i++) out = out.replace(/\$\{(\w+)\}/g, (_m, name: string) => args.get(name) ?? '');
  return out;
}

/** Whether `.dockerignore` leaves `path` out of the build context (Docker's rules: last match wins). */
export function ignored(patterns: string[], path: string): boolean {
  let out = false;
  for (const raw of patterns) {
    const negate = raw.startsWith('!');
    const pattern = (negate ? raw.slice(1) : raw).replace(/^\/+|\/+$/g, '');
    const re = new RegExp(
      `^${pattern
        .split('**')
        .map((part) =>
          part
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '[^/]*')
            .replace(/\?/g, '[^/]'),
        )
        .join('.*')}(/.*)?$`,
    );
    if (re.test(path)) out = !negate;
  }
  return out;
}

/** Lines of a `docker run --env-file` file: KEY=VALUE taken literally, comments and blank lines skipped. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at > 0) env[line.slice(0, at).trim()] = line.slice(at + 1);
  }
  return env;
}
