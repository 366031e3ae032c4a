import { readdirSync, readFileSync } from 'node:fs';

export interface TreeMemory {
  /** Processes counted: the root and every descendant (the embedded server and its workers). */
  processes: number;
  /** Resident memory added up over the processes (shared pages counted in each: an upper bound). */
  rssMb: number;
  /** Proportional set size added up: shared pages split between the processes that map them. */
  pssMb: number;
  /** Each process's own peak resident memory, added up (at least the peak of the sum). */
  peakRssMb: number;
  /** The root process's own resident memory. */
  rootRssMb: number;
}

/** Memory of a process and all its descendants (less `skip` and theirs; `skip` may hold the root itself), from Linux's /proc. */
export function treeMemory(root: number, skip: number[] = []): TreeMemory {
  const pids = descendants(root, new Set(skip));
  let rss = 0;
  let pss = 0;
  let hwm = 0;
  let rootRss = 0;
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      if (pid === root) rootRss = kb(status, 'VmRSS');
      rss += kb(status, 'VmRSS');
      hwm += kb(status, 'VmHWM');
      pss += kb(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'), 'Pss');
    } catch {
      // Exited meanwhile.
    }
  }
  return {
    processes: pids.length,
    rssMb: rss / 1024,
    pssMb: pss / 1024,
    peakRssMb: hwm / 1024,
    rootRssMb: rootRss / 1024,
  };
}

function descendants(root: number, skip: Set<number>): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat, after the parenthesised command name.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // Exited meanwhile.
    }
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    if (skip.has(pid) && pid !== root) continue;
    if (!skip.has(pid)) out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

function kb(text: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}
