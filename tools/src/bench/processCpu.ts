/**
 * Reads CPU time from /proc (Linux): a process's utime + stime and start time from /proc/<pid>/stat (all
 * its threads included), processes found by command name, and the whole box's busy time from /proc/stat
 * (to show how much of the machine something else used during a window). cpuShares.ts does the arithmetic.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { CpuReading, ProcessTicks } from './cpuShares.ts';

/** /proc/<pid>/stat: "pid (comm) state ppid …": fields after the command name, which may hold spaces. */
const statFields = (pid: number): { comm: string; rest: string[] } | undefined => {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    return { comm: text.slice(text.indexOf('(') + 1, close), rest: text.slice(close + 2).split(' ') };
  } catch {
    return undefined; // gone
  }
};

/** utime + stime (fields 14 and 15) and start time (field 22) of one process; undefined once it is gone. */
const processTicks = (pid: number): ProcessTicks | undefined => {
  const fields = statFields(pid);
  if (fields === undefined) return undefined;
  const { rest } = fields;
  return { pid, ticks: Number(rest[11]) + Number(rest[12]), startTime: Number(rest[19]) };
};

/** Pids of the processes whose command name is `comm` (e.g. beam.smp, postgres). */
export const pidsByCommand = (comm: string): number[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => statFields(pid)?.comm === comm);

/** The parent of a process (field 4), or undefined once it is gone. */
export const parentPid = (pid: number): number | undefined => {
  const fields = statFields(pid);
  return fields === undefined ? undefined : Number(fields.rest[1]);
};

/** USER_HZ: the unit of /proc's CPU times. */
export const clockTicksPerSecond = (): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
};

/** Busy ticks of the whole machine (every CPU's user, nice, system, irq, softirq and steal time). */
export const machineBusyTicks = (): number => {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return user + nice + system + irq + softirq + (steal ?? 0);
};

/** One reading of every component's processes (component → pids, decided by the caller at reading time). */
export const readCpu = (components: Map<string, number[]>): CpuReading =>
  new Map(
    [...components].map(([component, pids]) => [
      component,
      pids.map(processTicks).filter((p): p is ProcessTicks => p !== undefined),
    ]),
  );
