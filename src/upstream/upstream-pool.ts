/**
 * The upstream connection pool: one undici Pool (keep-alive sockets) per upstream origin. On a
 * reload that changes the origin or pool settings a new pool takes new requests while the old one
 * finishes its in-flight exchanges and closes.
 */
import { Pool, type Dispatcher } from 'undici';
import type { UpstreamConfig } from '../config/load-config.ts';

export interface UpstreamPool {
  current(): Dispatcher;
  /** Switches to a pool for `config` if it differs from the current one. */
  update(config: UpstreamConfig): void;
  close(): Promise<void>;
}

function poolKey(config: UpstreamConfig): string {
  return `${config.origin}|${config.connections}|${config.connectTimeoutMs}|${config.keepAliveTimeoutMs}`;
}

function createPool(config: UpstreamConfig): Pool {
  return new Pool(config.origin, {
    connections: config.connections,
    pipelining: 1,
    connectTimeout: config.connectTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    headersTimeout: config.firstByteTimeoutMs,
    bodyTimeout: config.idleStreamTimeoutMs,
  });
}

export function createUpstreamPool(initial: UpstreamConfig): UpstreamPool {
  let key = poolKey(initial);
  let pool = createPool(initial);
  const retiring = new Set<Promise<void>>();
  return {
    current: () => pool,
    update(config) {
      const next = poolKey(config);
      if (next === key) return;
      const old = pool;
      pool = createPool(config);
      key = next;
      const closing = old.close().catch(() => {});
      retiring.add(closing);
      void closing.finally(() => retiring.delete(closing));
    },
    async close() {
      await Promise.allSettled([pool.destroy(), ...retiring]);
    },
  };
}
