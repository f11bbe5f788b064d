/**
 * The ioredis options every distillguard connection uses, derived from `store.redis`. What they
 * guarantee (RELIABILITY.md: ioredis has no command timeout by default):
 *
 * - `commandTimeout`: a backstop only, `command_timeout` + 1 s. Store commands are bounded by
 *   `command_timeout` in RedisConnection.run (command-timeout.ts: judged after the socket was read,
 *   where ioredis's own timer fires before a reply already received is read); this one bounds the
 *   rest (the breaker's PING) — a stopped Redis (SIGSTOP) never hangs anything;
 * - `enableOfflineQueue: false`: while disconnected a command fails at once instead of queueing
 *   (no unbounded queue, no burst of stale writes on reconnect);
 * - `maxRetriesPerRequest: 0`, `autoResendUnfulfilledCommands: false`: a command in flight when
 *   the connection drops fails; nothing is resent behind the caller's back;
 * - reconnection keeps trying every ≤ 1 s for as long as the process runs.
 */
import type { ClusterOptions, RedisOptions } from 'ioredis';
import type { RedisSettings } from './check-store.ts';

export type Deployment =
  | { readonly mode: 'single'; readonly options: RedisOptions }
  | { readonly mode: 'sentinel'; readonly options: RedisOptions }
  | {
      readonly mode: 'cluster';
      readonly nodes: { host: string; port: number }[];
      readonly options: ClusterOptions;
    };

/** ioredis's own command timeout, beyond `command_timeout` (see above). */
const BACKSTOP_MS = 1000;

const reconnectDelay = (times: number): number => Math.min(100 * times, 1000);

export function deploymentOf(settings: RedisSettings): Deployment {
  const common: RedisOptions = {
    commandTimeout: settings.command_timeout + BACKSTOP_MS,
    connectTimeout: settings.connect_timeout,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    enableReadyCheck: true,
    retryStrategy: reconnectDelay,
    ...(settings.username === undefined ? {} : { username: settings.username }),
    ...(settings.password === undefined ? {} : { password: settings.password }),
  };
  const tls = settings.tls || settings.url?.startsWith('rediss:') === true;
  if (tls) common.tls = {};
  if (settings.cluster) {
    const { retryStrategy: _ignored, enableOfflineQueue: _offline, ...redisOptions } = common;
    return {
      mode: 'cluster',
      nodes: settings.cluster.nodes.map(parseHostPort),
      options: {
        redisOptions,
        enableOfflineQueue: false,
        enableReadyCheck: true,
        clusterRetryStrategy: reconnectDelay,
        // A failed-over slot is retried briefly; the command timeout still bounds the caller.
        retryDelayOnFailover: 50,
        retryDelayOnClusterDown: 50,
        retryDelayOnTryAgain: 50,
        maxRedirections: 8,
        slotsRefreshTimeout: Math.max(500, settings.connect_timeout),
        slotsRefreshInterval: 2000,
      },
    };
  }
  if (settings.sentinel) {
    return {
      mode: 'sentinel',
      options: {
        ...common,
        db: settings.db,
        name: settings.sentinel.name,
        sentinels: settings.sentinel.nodes.map(parseHostPort),
        sentinelRetryStrategy: reconnectDelay,
        ...(settings.sentinelPassword === undefined
          ? {}
          : { sentinelPassword: settings.sentinelPassword }),
        ...(tls ? { enableTLSForSentinelMode: true } : {}),
      },
    };
  }
  const url = new URL(settings.url ?? 'redis://127.0.0.1:6379');
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : settings.db;
  return {
    mode: 'single',
    options: {
      ...common,
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port === '' ? 6379 : Number(url.port),
      db,
    },
  };
}

function parseHostPort(text: string): { host: string; port: number } {
  const at = text.lastIndexOf(':');
  return { host: text.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(text.slice(at + 1)) };
}
