/** Where a run happened: commit (tolerating no commits and a dirty tree), CPU, Node, date. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

export interface RunContext {
  readonly commit: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly node: string;
  readonly date: string;
  /** 1-minute load average at the start: a hint of how busy the machine was. */
  readonly loadAverage: number;
  readonly pinned: boolean;
}

function git(repo: string, args: readonly string[]): string | undefined {
  try {
    return execFileSync('git', ['-C', repo, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/** Short commit, `+dirty` when anything but the results file differs; `no-commit` before the first. */
export function describeCommit(repo: string): string {
  const head = git(repo, ['rev-parse', '--short', 'HEAD']);
  if (head === undefined) return 'no-commit';
  const status = git(repo, ['status', '--porcelain', '--', '.', ':(exclude)loadtest/RESULTS.md']);
  return status === '' || status === undefined ? head : `${head}+dirty`;
}

export function describeRun(repo: string, pinned: boolean): RunContext {
  const cpu = cpus();
  return {
    commit: describeCommit(repo),
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    node: process.version,
    date: new Date().toISOString(),
    loadAverage: loadavg()[0] ?? NaN,
    pinned,
  };
}
