import { readdirSync, readFileSync } from 'node:fs';

/** A process of this machine as /proc shows it. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Its command line, arguments joined by spaces. */
  command: string;
}

function read(pid: number): ProcessInfo | undefined {
  try {
    // The command name in field 2 may hold spaces: the fields after it follow the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state === 'Z' || state === 'X') return undefined; // exited, not yet reaped
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, ppid: Number(ppid), command };
  } catch {
    return undefined; // gone meanwhile
  }
}

/** Every running process (Linux /proc). */
export function processes(): ProcessInfo[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => read(Number(name)) ?? []);
}

/** The process `pid` and all its descendants that are running now. */
export function processTree(pid: number): ProcessInfo[] {
  const all = processes();
  const tree = all.filter((p) => p.pid === pid);
  for (let i = 0; i < tree.length; i++) {
    tree.push(...all.filter((p) => p.ppid === tree[i]?.pid));
  }
  return tree;
}

/** Whether `pid` is still running (an exited process waiting to be reaped counts as gone). */
export const running = (pid: number): boolean => read(pid) !== undefined;
