/**
 * Cluster evidence through Redis (store.redis.evidence). After each detection refresh this replica
 * writes its window of every cluster it just scored (the `max_clusters` busiest) into the
 * cluster's hash — field = replica id, value = the window's 656 bytes (W.SIZE doubles) — and reads the other
 * replicas' fields back in the same round trip (HSET, PEXPIRE, HGETALL: one key, one slot). The
 * next refresh pools them with its own (merge-windows.ts). A hash expires two detection windows
 * after its last write; a replica that stops writing ages out with it.
 *
 * Off the request path entirely; skipped while the breaker is open (the replica then judges its
 * clusters on its own traffic, as a single replica does). A field that is not a window (wrong
 * length, a value that is not finite) is ignored and counted as `corrupt_value`.
 */
import { randomBytes } from 'node:crypto';
import type { ClusterEvidence } from '../detection/cluster-evidence.ts';
import { W } from '../detection/window-state.ts';
import type { RedisConnection } from './redis-connection.ts';

const BYTES = W.SIZE * 8;

export class RedisClusterEvidence implements ClusterEvidence {
  private readonly connection: RedisConnection;
  private readonly replica = randomBytes(6).toString('hex');
  private readonly maxClusters: number;
  private readonly window: () => number;
  private fetched = new Map<string, Float64Array[]>();
  private exchanging = false;

  /** `window`: the detection window now (ms; a reload may change it). */
  constructor(connection: RedisConnection, maxClusters: number, window: () => number) {
    this.connection = connection;
    this.maxClusters = maxClusters;
    this.window = window;
  }

  others(cluster: string): readonly Float64Array[] | undefined {
    return this.fetched.get(cluster);
  }

  publish(clusters: readonly (readonly [string, Float64Array])[], _now: number): void {
    if (this.exchanging || this.connection.breaker.isOpen) return;
    const busiest = [...clusters]
      .sort((a, b) => (b[1][W.N] ?? 0) - (a[1][W.N] ?? 0))
      .slice(0, this.maxClusters)
      .map(([name, window]) => [name, Buffer.from(window.buffer.slice(0))] as const);
    this.exchanging = true;
    void this.exchange(busiest).finally(() => (this.exchanging = false));
  }

  private async exchange(clusters: readonly (readonly [string, Buffer])[]): Promise<void> {
    const ttl = 2 * this.window();
    const fetched = new Map<string, Float64Array[]>();
    let corrupt = 0;
    await Promise.all(
      clusters.map(async ([name, bytes]) => {
        const key = this.connection.keyspace.evidence(name);
        const replies = await this.connection
          .run('evidence', (c) =>
            c.pipeline().hset(key, this.replica, bytes).pexpire(key, ttl).hgetallBuffer(key).exec(),
          )
          ?.catch(() => undefined);
        const [, , read] = replies ?? [];
        if (read === undefined || read[0] !== null) return;
        const fields = read[1] as Record<string, Buffer>;
        const windows: Float64Array[] = [];
        for (const [replica, value] of Object.entries(fields)) {
          if (replica === this.replica) continue;
          const window = windowOf(value);
          if (window === undefined) corrupt++;
          else windows.push(window);
        }
        if (windows.length > 0) fetched.set(name, windows);
      }),
    );
    if (corrupt > 0) this.connection.report('corrupt_value', corrupt);
    this.fetched = fetched;
  }
}

function windowOf(value: Buffer): Float64Array | undefined {
  if (value.length !== BYTES) return undefined;
  const window = new Float64Array(W.SIZE);
  Buffer.from(window.buffer).set(value);
  for (const x of window) if (!Number.isFinite(x)) return undefined;
  return window;
}
