/**
 * The one Redis connection a replica keeps (plus a subscriber for the change channel), and the
 * rules every store follows when it talks to Redis:
 *
 * - Every command goes through `run`, behind the circuit breaker: while it is open nothing is
 *   sent and the caller falls back at once (no request waits on a Redis it knows is down). `run`
 *   bounds it by the command timeout, judged after the socket was read (command-timeout.ts): a
 *   reply that came while this process was busy is not a timeout.
 * - Failures and timeouts are counted (`dg.failures{kind="redis"}`), logged (throttled) and fed to
 *   the breaker; each store counts its own uses of a fallback through `report`.
 * - The breaker starts open: a replica whose Redis refuses connections starts, serves in
 *   fallback and says so in /readyz; the first connection closes it.
 * - Shared state is re-read (`onSync` handlers) on the first connection, whenever the breaker
 *   closes again, and every second (cheap version checks that catch lost pub/sub messages).
 * - Scripts carry a deadline in the server's clock (estimated from TIME, the fastest of a few
 *   samples, refreshed every 30 s, and carried forward on the monotonic clock: a step of this
 *   host's wall clock moves neither the estimate nor the deadline; server-clock.ts): a command its caller already gave up on changes nothing when
 *   Redis finally runs it (SIGCONT after SIGSTOP). A command that ran in time but whose reply
 *   came too late is another matter: the limit store resolves those by operation id
 *   (resolve.lua).
 */
import { readFileSync } from 'node:fs';
import { Cluster, Redis } from 'ioredis';
import type { Metrics } from '../telemetry/metrics.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import type { RedisSettings } from './check-store.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { withCommandTimeout } from './command-timeout.ts';
import { deploymentOf, type Deployment } from './redis-client-options.ts';
import { createKeyspace, type Keyspace } from './redis-keys.ts';
import { CLOCK_SAMPLES, ServerClock, type ClockSample } from './server-clock.ts';

type Arg = string | number;

/** The Lua scripts (src/redis/lua), sent with EVALSHA (EVAL on NOSCRIPT: a restarted Redis). */
export interface Scripts {
  dgSpend(numKeys: number, ...args: Arg[]): Promise<number[]>;
  dgAdjust(numKeys: number, ...args: Arg[]): Promise<number>;
  dgResolve(numKeys: number, ...args: Arg[]): Promise<number>;
  dgRemember(numKeys: number, ...args: Arg[]): Promise<[number, number]>;
  dgKeyChange(numKeys: number, ...args: Arg[]): Promise<number>;
  /** {version, corrupt, ...the tags of accounts dropped from the index}. */
  dgOverride(numKeys: number, ...args: Arg[]): Promise<[number, number, ...string[]]>;
  dgOverrideDrop(numKeys: number, ...args: Arg[]): Promise<number>;
}

export type RedisClient = (Redis | Cluster) & Scripts;

const SCRIPTS: Record<keyof Scripts, string> = {
  dgSpend: 'spend.lua',
  dgAdjust: 'adjust.lua',
  dgResolve: 'resolve.lua',
  dgRemember: 'remember.lua',
  dgKeyChange: 'key-change.lua',
  dgOverride: 'override.lua',
  dgOverrideDrop: 'override-drop.lua',
};

export interface RedisConnection {
  readonly mode: Deployment['mode'];
  readonly keyspace: Keyspace;
  readonly settings: RedisSettings;
  readonly breaker: CircuitBreaker;
  /** The command client, for administration (CLI) and tests; stores use `run`. */
  readonly client: RedisClient;
  /**
   * Sends a command unless the breaker is open (then: undefined, nothing sent). A rejection is
   * already counted, logged and fed to the breaker; the caller only falls back.
   */
  run<T>(op: string, send: (client: RedisClient) => Promise<T>): Promise<T> | undefined;
  /** Counts and logs (throttled) one use of a fallback or one bad value found in Redis. */
  report(detail: string, count?: number): void;
  /** The server's clock, estimated (ms since epoch). */
  serverNow(): number;
  /** The server's clock minus the monotonic clock (ms): serverNow() = clock.mono() + this. */
  clockOffset(): number;
  /** The deadline a script sent now carries (server ms). */
  deadline(): number;
  /** Every message on the change channel. */
  onMessage(handler: (message: string) => void): void;
  /** Re-reads shared state: at the first connection, after an outage, and every second. */
  onSync(handler: () => Promise<void>): void;
  /** Resolves once connected and synced (true), or when the first attempt failed (false). */
  ready(): Promise<boolean>;
  status(): Record<string, unknown>;
  close(): Promise<void>;
}

export interface ConnectionDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly clock: Clock;
  /** Periodic version checks (default 1 s; tests shorten it). */
  readonly syncIntervalMs?: number;
}

/** The `<store>_fallback` details and the store each names. */
const FALLBACK_STORES: Readonly<Record<string, 'limits' | 'blocks' | 'challenges' | 'overrides'>> =
  {
    limits_fallback: 'limits',
    blocks_fallback: 'blocks',
    challenges_fallback: 'challenges',
    overrides_fallback: 'overrides',
  };

export function createRedisConnection(
  settings: RedisSettings,
  deps: ConnectionDeps,
): RedisConnection {
  const { logger, metrics, clock } = deps;
  const deployment = deploymentOf(settings);
  const keyspace = createKeyspace(settings.key_prefix);
  const { client, subscriber } = connect(deployment);
  for (const [name, file] of Object.entries(SCRIPTS)) {
    const lua = readFileSync(new URL(`./lua/${file}`, import.meta.url), 'utf8');
    client.defineCommand(name, { lua });
  }
  const breaker = new CircuitBreaker(settings.breaker.failures, 'open', clock.now());
  const messageHandlers: ((message: string) => void)[] = [];
  const syncHandlers: (() => Promise<void>)[] = [];
  const failures = new Map<string, number>();
  // Until measured: the wall clock (server time = mono + offset).
  const serverClock = new ServerClock(clock.now() - clock.mono(), settings.command_timeout / 4);
  let probeTimer: NodeJS.Timeout | undefined;
  let probing = false;
  let syncing: Promise<void> | undefined;
  let everSynced = false;
  let closed = false;
  let settleReady: ((ok: boolean) => void) | undefined;
  const readyPromise = new Promise<boolean>((resolve) => (settleReady = resolve));

  function report(detail: string, count = 1): void {
    metrics.failure('redis', detail, count);
    // A store serving from its fallback is also dg.store.errors{store, failure_mode}.
    const store = FALLBACK_STORES[detail];
    if (store !== undefined) metrics.storeError(store, settings.failure_mode[store]);
    failures.set(detail, (failures.get(detail) ?? 0) + count);
    const message =
      detail === 'corrupt_value'
        ? 'a corrupt value in redis was ignored'
        : 'redis store: a failure, or a fallback used';
    logger.throttled(`redis:${detail}`, 10_000, 'warn', message, { detail });
  }

  function opened(reason: string): void {
    logger.log('warn', 'redis unavailable; every store serves from its fallback', { reason });
    metrics.failure('redis', `breaker_open:${reason}`);
    startProbing();
  }

  function fail(op: string, error: unknown): void {
    const kind = classify(error);
    report(`${op}:${kind}`);
    if (breaker.failure(clock.now())) opened(kind);
  }

  function run<T>(op: string, send: (c: RedisClient) => Promise<T>): Promise<T> | undefined {
    if (breaker.isOpen) return undefined;
    let sent: Promise<T>;
    try {
      sent = withCommandTimeout(send(client), settings.command_timeout);
    } catch (error) {
      fail(op, error);
      return undefined;
    }
    return sent.then(
      (value) => {
        breaker.success();
        return value;
      },
      (error: unknown) => {
        fail(op, error);
        throw error;
      },
    );
  }

  /** Re-reads shared state (one pass at a time), then refreshes the clock offset if due. */
  function sync(): Promise<void> {
    syncing ??= (async () => {
      try {
        if (serverClock.due(clock.mono())) await measureOffset();
        for (const handler of syncHandlers) await handler().catch(() => undefined);
        everSynced = true;
      } finally {
        syncing = undefined;
      }
    })();
    return syncing;
  }

  /** TIME, a few times (server-clock.ts): the sample with the shortest round trip counts. */
  async function measureOffset(): Promise<void> {
    const samples: ClockSample[] = [];
    while (samples.length < CLOCK_SAMPLES) {
      const before = clock.mono();
      // A failure is counted by `run`; the last offset stays in use until the next try.
      const time = await run('time', (c) => c.time())?.catch(() => undefined);
      if (time === undefined) break;
      const sample = {
        before,
        after: clock.mono(),
        server: Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000),
      };
      samples.push(sample);
      if (serverClock.good(sample)) break;
    }
    serverClock.update(samples);
  }

  function recovered(via: string): void {
    if (!breaker.close(clock.now())) return;
    stopProbing();
    logger.log('info', 'redis available again; resyncing shared state', { via });
    void warmUp(client)
      .then(sync)
      .then(() => settleReady?.(true));
  }

  function startProbing(): void {
    if (probeTimer !== undefined || closed) return;
    probeTimer = setInterval(() => {
      if (probing) return;
      probing = true;
      client.ping().then(
        () => {
          probing = false;
          recovered('probe');
        },
        () => (probing = false),
      );
    }, settings.breaker.probe_interval);
    probeTimer.unref();
  }

  function stopProbing(): void {
    clearInterval(probeTimer);
    probeTimer = undefined;
  }

  client.on('ready', () => recovered('connect'));
  client.on('close', () => {
    if (breaker.open(clock.now())) opened('connection_closed');
    // A refused server: start in fallback at once. A Cluster may drop a connection while it
    // settles its slots: it gets until the connect timeout.
    if (deployment.mode !== 'cluster') settleReady?.(false);
  });
  // ioredis emits 'error' on every failed connection attempt: counted by the breaker's transitions
  // and logged (throttled) here; an unhandled 'error' event would end the process.
  client.on('error', (error: unknown) => {
    logger.throttled('redis:connection', 10_000, 'warn', 'redis connection error', {
      error: classify(error),
    });
  });
  subscriber.on('error', () => undefined);
  subscriber.on('ready', () => {
    void subscriber.subscribe(keyspace.channel).catch(() => undefined);
  });
  subscriber.on('message', (_channel: string, message: string) => {
    for (const handler of messageHandlers) handler(message);
  });
  const syncTimer = setInterval(() => {
    if (!breaker.isOpen) void sync();
  }, deps.syncIntervalMs ?? 1000);
  syncTimer.unref();
  startProbing();
  const giveUp = setTimeout(() => settleReady?.(false), settings.connect_timeout + 1000);
  giveUp.unref();

  return {
    mode: deployment.mode,
    keyspace,
    settings,
    breaker,
    client,
    run,
    report,
    serverNow: () => clock.mono() + serverClock.offset,
    clockOffset: () => serverClock.offset,
    // Later by the estimate's uncertainty: never judged stale because the estimate is behind.
    deadline: () =>
      clock.mono() + serverClock.offset + settings.command_timeout + serverClock.uncertainty,
    onMessage: (handler) => void messageHandlers.push(handler),
    onSync: (handler) => void syncHandlers.push(handler),
    ready: () => readyPromise,
    status: () => ({
      type: 'redis',
      mode: deployment.mode,
      state: breaker.isOpen ? 'fallback' : 'connected',
      since: new Date(breaker.since).toISOString(),
      synced: everSynced,
      breaker_opened: breaker.opened,
      clock_offset_ms: Math.round(serverClock.offset + clock.mono() - clock.now()),
      clock_uncertainty_ms: Math.round(serverClock.uncertainty * 10) / 10,
      failures: Object.fromEntries(failures),
    }),
    async close() {
      closed = true;
      stopProbing();
      clearInterval(syncTimer);
      clearTimeout(giveUp);
      settleReady?.(false);
      await Promise.all([quit(client), quit(subscriber)]);
    },
  };
}

/** The command client and the subscriber (its own connection: subscribing takes it over). */
function connect(deployment: Deployment): { client: RedisClient; subscriber: Redis | Cluster } {
  // RESP2 replies mapped as ioredis always did ('legacy'): the scripts reply with flat arrays.
  if (deployment.mode === 'cluster') {
    const options = {
      ...deployment.options,
      redisOptions: { ...deployment.options.redisOptions, replyMapping: 'legacy' as const },
    };
    const client = new Cluster(deployment.nodes, options);
    return { client: client as RedisClient, subscriber: client.duplicate() };
  }
  const client = new Redis({ ...deployment.options, replyMapping: 'legacy' });
  return { client: client as RedisClient, subscriber: client.duplicate() };
}

/**
 * Connects to every Cluster master before requests need them: ioredis opens node connections on
 * first use, and a first command that waits for a connection would miss its deadline.
 */
async function warmUp(client: RedisClient): Promise<void> {
  if (!(client instanceof Cluster)) return;
  await Promise.allSettled(client.nodes('master').map((node) => node.ping()));
}

/** QUIT, bounded: a stopped server must not hold up shutdown. */
async function quit(client: Redis | Cluster): Promise<void> {
  const timer = setTimeout(() => client.disconnect(), 500);
  await client.quit().catch(() => undefined);
  clearTimeout(timer);
  client.disconnect();
}

/** A failure's kind for metrics and logs: never its message (it could quote a key or a value). */
export function classify(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (message.includes('timed out')) return 'timeout';
  if (
    /Connection is closed|isn't writeable|ECONNREFUSED|ECONNRESET|EPIPE|max retries|MaxRetries|ETIMEDOUT|ENOTFOUND|None of startup nodes|Cluster isn't ready/i.test(
      message,
    )
  )
    return 'connection';
  const word = /^([A-Z]{3,16})\b/.exec(message)?.[1];
  return word === undefined ? 'error' : `reply_${word.toLowerCase()}`;
}
