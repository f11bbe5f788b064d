/**
 * Reads a process's resident memory and CPU time from /proc (Linux). Returns undefined where
 * /proc is unavailable, so the harness still runs elsewhere with those columns empty.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** VmRSS in MiB. */
export function readRssMb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds consumed so far. */
export function readCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses; utime and stime are
    // fields 14 and 15 of the line, i.e. 11 and 12 after the ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return undefined;
  }
}

/** Samples a process's peak RSS every `intervalMs` until stopped. */
export function samplePeakRss(pid: number, intervalMs: number): () => number | undefined {
  let peak: number | undefined;
  const sample = (): void => {
    const rss = readRssMb(pid);
    if (rss !== undefined) peak = Math.max(peak ?? 0, rss);
  };
  const timer = setInterval(sample, intervalMs);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

export interface CpuTimes {
  readonly busy: number;
  readonly total: number;
}

/** Busy and total jiffies of one CPU since boot (/proc/stat; idle and iowait count as idle). */
export function readCpuTimes(cpu: number): CpuTimes | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`cpu${cpu} `));
    if (line === undefined) return undefined;
    // user nice system idle iowait irq softirq steal (guest time is already inside user).
    const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = values.reduce((sum, v) => sum + v, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** Share of `cpu` (0–100 %) that was busy between two readings. */
export function busyPercent(before: CpuTimes | undefined, after: CpuTimes | undefined): number {
  if (!before || !after || after.total === before.total) return NaN;
  return ((after.busy - before.busy) / (after.total - before.total)) * 100;
}
