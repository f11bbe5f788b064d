/**
 * The processes of the Redis benchmarks (redis-bench.ts, redis-side-by-side.ts,
 * redis-commands.ts): pinned children that print one line when ready, a redis-server of the run's
 * own, and what a proxy's /readyz says about its store.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { request } from 'undici';

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

/** A proxy's store state and its Redis failure counts (/readyz). */
export async function storeStatus(
  adminUrl: string,
): Promise<{ state: string; fallbacks: number; failures: Record<string, number> }> {
  const response = await request(`${adminUrl}/readyz`);
  const body = (await response.body.json()) as {
    store: { state: string; failures?: Record<string, number> };
  };
  const failures = body.store.failures ?? {};
  return { state: body.store.state, fallbacks: failures['limits_fallback'] ?? 0, failures };
}

/** A Redis proxy's failures and fallbacks so far ("spend:timeout 3, limits_fallback 120"). */
export async function failureSummary(adminUrl: string): Promise<string> {
  const { failures } = await storeStatus(adminUrl);
  const counts = Object.entries(failures).map(([detail, count]) => `${detail} ${count}`);
  return counts.length === 0 ? 'no redis failures' : counts.join(', ');
}
