/**
 * The processes of the Redis benchmarks (redis-bench.ts, redis-commands.ts): pinned children
 * that print one line when ready, and a redis-server of the run's own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

export interface Child {
  readonly proc: ChildProcess;
  /** The words of the first line it printed (its URLs). */
  readonly words: string[];
}

/** `node script ...args` pinned to `cpu` (taskset); resolves once it printed its first line. */
export function pinnedChild(script: string, args: string[], cpu: string): Promise<Child> {
  const proc = spawn('taskset', ['-c', cpu, process.execPath, script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`child ${args[0] ?? ''} exited (${code})`)));
    proc.stdout.once('data', (data: Buffer) =>
      resolve({ proc, words: data.toString().trim().split(' ') }),
    );
  });
}

export async function stopChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = once(proc, 'exit');
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** A redis-server of the run's own (no persistence) on a free loopback port, pinned to `cpu`. */
export async function startRedis(
  dir: string,
  cpu = '1',
): Promise<{ proc: ChildProcess; url: string }> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const proc = spawn(
    'taskset',
    ['-c', cpu, 'redis-server', '--port', String(port), '--bind', '127.0.0.1'].concat([
      '--save',
      '',
      '--appendonly',
      'no',
    ]),
    { cwd: dir, stdio: 'ignore' },
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { proc, url: `redis://127.0.0.1:${port}` };
}
