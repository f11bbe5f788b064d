/**
 * Starts the processes of a run: the upstream and the load generator pinned to CPU 1, and one
 * process per proxy target pinned to CPU 0 (BASELINE's set-up). Every child is pushed onto the
 * caller's list as soon as it is spawned, so the caller's cleanup stops it even if a later start
 * fails.
 */
import { join } from 'node:path';
import { buildTargetChild } from './build-target-child.ts';
import { ChildHandle } from './processes.ts';
import { PROXY_CPU, type RunningTarget } from './measure-target.ts';
import type { TargetStartParams } from './children/target-child.ts';
import type { ProxyTargetName } from './targets/target-names.ts';

const CHILDREN_DIR = join(import.meta.dirname, 'children');
const START_TIMEOUT_MS = 20_000;
const LOAD_CPU = 1;

export interface Fleet {
  readonly load: ChildHandle;
  readonly targets: readonly RunningTarget[];
}

export interface FleetOptions {
  readonly pinned: boolean;
  readonly clientKey: string;
  readonly workDir: string;
  readonly burnMicros: number;
  /** dg-telemetry-on's trace sample ratio (undefined: the config default). */
  readonly traceRatio: number | undefined;
  /** Which targets to start (run.ts --targets); direct is always there. */
  readonly targets: readonly ProxyTargetName[];
  /** Receives every child as it is spawned (the caller stops them all on exit). */
  readonly children: ChildHandle[];
}

export async function startFleet(options: FleetOptions): Promise<Fleet> {
  // Proxies run compiled (see build-target-child.ts); upstream and load generator stay TypeScript.
  const targetChild = buildTargetChild();
  const spawnChild = (name: string, script: string, cpu: number): ChildHandle => {
    const child = new ChildHandle(name, script, options.pinned ? cpu : undefined);
    options.children.push(child);
    return child;
  };

  const upstream = spawnChild('upstream', join(CHILDREN_DIR, 'upstream-child.ts'), LOAD_CPU);
  const load = spawnChild('load generator', join(CHILDREN_DIR, 'load-child.ts'), LOAD_CPU);
  const { url: upstreamUrl } = await upstream.call<{ url: string }>(
    'start',
    null,
    START_TIMEOUT_MS,
  );

  const proxies = options.targets;
  const started = await Promise.all(
    proxies.map(async (target): Promise<RunningTarget> => {
      const child = spawnChild(target, targetChild, PROXY_CPU);
      const params: TargetStartParams = {
        target,
        upstreamUrl,
        clientKey: options.clientKey,
        workDir: options.workDir,
        burnMicros: target === 'distillguard' ? options.burnMicros : 0,
        ...(options.traceRatio === undefined ? {} : { traceRatio: options.traceRatio }),
      };
      const { url } = await child.call<{ url: string }>('start', params, START_TIMEOUT_MS);
      return { name: target, url, pid: child.pid };
    }),
  );
  return { load, targets: [{ name: 'direct', url: upstreamUrl, pid: undefined }, ...started] };
}
