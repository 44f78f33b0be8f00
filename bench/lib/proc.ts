/**
 * Server CPU and memory from /proc (Linux): CPU as utime+stime, memory as VmRSS, and PSS
 * (shared pages divided among the processes that map them) from smaps_rollup. A server made of
 * several processes (Dovecot) is measured as its whole process tree.
 */

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | null = null;

function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

interface Stat {
  pid: number;
  comm: string;
  ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks. */
  ticks: number;
}

function readStat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    // Fields after comm: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14).
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    return { pid, comm, ppid: Number(fields[1]), ticks };
  } catch {
    return null;
  }
}

/** `root` and every process descended from it. */
export function processTree(root: number): Stat[] {
  const all: Stat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) all.push(stat);
  }
  const children = new Map<number, Stat[]>();
  for (const stat of all) {
    const list = children.get(stat.ppid) ?? [];
    list.push(stat);
    children.set(stat.ppid, list);
  }
  const rootStat = all.find((s) => s.pid === root);
  if (!rootStat) return [];
  const tree: Stat[] = [rootStat];
  for (let k = 0; k < tree.length; k++) tree.push(...(children.get(tree[k]!.pid) ?? []));
  return tree;
}

/**
 * CPU milliseconds used so far by `root` and its descendants. Each live process counts its own
 * time plus that of the children it has reaped (cutime/cstime), so processes that exited during
 * a measurement still count once.
 */
export function cpuMs(root: number): number {
  const ticks = processTree(root).reduce((sum, s) => sum + s.ticks, 0);
  return (ticks * 1000) / clockTicks();
}

function statusKb(pid: number, field: string): number {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'latin1');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

function pssKb(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1');
    const match = /^Pss:\s+(\d+) kB/m.exec(text);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

export interface Memory {
  /** Sum of VmRSS over the processes, KB. */
  rssKb: number;
  /** Sum of PSS over the processes, KB. */
  pssKb: number;
  processes: number;
}

/** Memory of `root` and its descendants (optionally only those whose command name passes `filter`). */
export function memory(root: number, filter?: (comm: string) => boolean): Memory {
  const tree = processTree(root).filter((s) => !filter || filter(s.comm));
  return {
    rssKb: tree.reduce((sum, s) => sum + statusKb(s.pid, 'VmRSS'), 0),
    pssKb: tree.reduce((sum, s) => sum + pssKb(s.pid), 0),
    processes: tree.length,
  };
}
