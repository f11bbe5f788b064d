/**
 * Child processes of a load-test run, each pinned to one CPU with `taskset` (BASELINE: put the
 * proxy and the load generator on different cores, or the numbers measure contention). Every child
 * is tracked from spawn to exit; `stopAll` ends them politely, and a process 'exit' hook SIGKILLs
 * whatever is left, so neither an error nor Ctrl-C leaves orphans. (Children also exit on their
 * own when the IPC channel closes — see rpc.ts — which covers the orchestrator being SIGKILLed.)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import type { RpcReply, RpcRequest } from './rpc.ts';

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/** Whether children can be pinned: `taskset` runs and there are at least two CPUs. */
export function pinningAvailable(): boolean {
  if (availableParallelism() < 2) return false;
  const probe = spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
  return probe.status === 0;
}

export class ChildHandle {
  readonly name: string;
  private readonly child: ChildProcess;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private nextId = 1;
  private exited: string | undefined = undefined;
  private readonly exit: Promise<void>;

  /** Starts `script` with Node (this process's binary), pinned to `cpu` when given. */
  constructor(name: string, script: string, cpu: number | undefined) {
    installExitHook();
    this.name = name;
    // LOADTEST_CPU_PROF=<dir>: every child writes a V8 CPU profile there when it exits (the
    // profiles show where a target's time goes under the very load the run measures).
    const profile = process.env['LOADTEST_CPU_PROF'];
    const node = [
      process.execPath,
      ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
      script,
    ];
    const [command, ...args] = cpu === undefined ? node : ['taskset', '-c', String(cpu), ...node];
    this.child = spawn(command!, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    live.add(this.child);
    this.child.on('message', (reply: RpcReply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(new Error(`${name}: ${reply.error}`));
    });
    this.exit = new Promise((resolve) => {
      const onGone = (why: string): void => {
        live.delete(this.child);
        this.exited ??= why;
        for (const waiter of this.pending.values())
          waiter.reject(new Error(`${name} exited (${why}) during a call`));
        this.pending.clear();
        resolve();
      };
      this.child.on('exit', (code, signal) => onGone(signal ?? `code ${code}`));
      this.child.on('error', (error) => onGone(error.message));
    });
  }

  /** The child's process id (taskset execs Node, so this is the Node process itself). */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Calls `method` in the child; rejects when it fails, the child dies, or `timeoutMs` passes. */
  call<T>(method: string, params: unknown, timeoutMs: number): Promise<T> {
    if (this.exited !== undefined)
      return Promise.reject(new Error(`${this.name} is gone (${this.exited})`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: ${method} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.child.send({ id, method, params } satisfies RpcRequest);
    });
  }

  /** Asks the child to clean up and exit; SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.exited !== undefined) return;
    const killer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    this.call('stop', null, graceMs).catch(() => {});
    await this.exit;
    clearTimeout(killer);
  }
}

/** Stops every child, in parallel. */
export async function stopAll(children: readonly ChildHandle[]): Promise<void> {
  await Promise.all(children.map((child) => child.stop()));
}
