/**
 * Real Redis servers for tests: the shared server at 127.0.0.1:6379 (each test uses its own random
 * key prefix and deletes only its own keys — never FLUSHALL), and servers a test owns — started on
 * free loopback ports in temp dirs (to stop, SIGSTOP, kill or restart empty) and a Redis Cluster
 * of 3 masters (optionally with a replica each, for failover). Every process started here is
 * killed by `stopAll()` (call it in afterAll).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import type { RedisSettings } from '../../src/redis/check-store.ts';
import { redisSchema } from '../../src/redis/store-schema.ts';

const run = promisify(execFile);
export const SHARED_REDIS_URL = 'redis://127.0.0.1:6379';

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  readonly address: string;
  /** SIGSTOP / SIGCONT: a hung server (the socket stays open, nothing answers). */
  pause(): void;
  resume(): void;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const owned = new Set<RedisServer>();

/** A random key prefix for one test (its keys only; see `deletePrefix`). */
export function testPrefix(): string {
  return `dgt-${randomBytes(5).toString('hex')}`;
}

/**
 * Redis settings as the config would compile them, over `overrides` (a store.redis section). The
 * command timeout defaults to 2 s: on a shared, busy test machine 50 ms is missed now and then,
 * and only the fault tests are about what a timeout does (they set their own).
 */
export function redisSettings(overrides: Record<string, unknown>): RedisSettings {
  return {
    ...redisSchema.parse({ key_prefix: testPrefix(), command_timeout: '2s', ...overrides }),
    password: undefined,
    sentinelPassword: undefined,
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Starts a redis-server this test owns (killed by stopAll), on `at` or a free port. */
export async function startRedisServer(
  extra: readonly string[] = [],
  at?: number,
): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'dg-redis-'));
  let port = 0;
  let child: ChildProcess | undefined;
  const spawnOn = (at: number): ChildProcess =>
    spawn(
      'redis-server',
      ['--port', String(at), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra],
      { cwd: dir, stdio: 'ignore' },
    );
  // A free port can be taken between probing and binding: retry on another one.
  for (let attempt = 0; child === undefined; attempt++) {
    if (attempt === 5) throw new Error('redis-server did not start');
    port = at ?? (await freePort());
    const started = spawnOn(port);
    if (await answers(port, started)) child = started;
    else started.kill('SIGKILL');
  }
  const server: RedisServer = {
    get port() {
      return port;
    },
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    get address() {
      return `127.0.0.1:${port}`;
    },
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    async kill() {
      const proc = child;
      if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGCONT');
      proc.kill('SIGKILL');
      await exited;
    },
    async restart() {
      await server.kill();
      child = spawnOn(port);
      if (!(await answers(port, child))) throw new Error('redis-server did not restart');
    },
    async stop() {
      owned.delete(server);
      await server.kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
  owned.add(server);
  return server;
}

/** Waits until the server on `port` answers PING (false if the process exits first). */
async function answers(port: number, child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const { stdout } = await run('redis-cli', ['-p', String(port), 'ping']);
      if (stdout.trim() === 'PONG') return true;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  return false;
}

/** A Sentinel (one, quorum 1) monitoring `master` as "main"; its address for store.redis.sentinel. */
export async function startRedisSentinel(
  master: RedisServer,
): Promise<{ address: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'dg-sentinel-'));
  const port = await freePort();
  await writeFile(
    join(dir, 'sentinel.conf'),
    `port ${port}\nbind 127.0.0.1\nsentinel monitor main 127.0.0.1 ${master.port} 1\nsentinel down-after-milliseconds main 1000\n`,
  );
  const child = spawn('redis-server', [join(dir, 'sentinel.conf'), '--sentinel'], {
    cwd: dir,
    stdio: 'ignore',
  });
  const sentinel: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    address: `127.0.0.1:${port}`,
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    restart: () => Promise.reject(new Error('not supported')),
    async stop() {
      owned.delete(sentinel);
      await sentinel.kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
  owned.add(sentinel);
  if (!(await answers(port, child))) throw new Error('redis sentinel did not start');
  return sentinel;
}

export interface RedisCluster {
  readonly nodes: readonly string[];
  readonly masters: readonly RedisServer[];
  readonly replicas: readonly RedisServer[];
  stop(): Promise<void>;
}

/** A Redis Cluster of 3 masters (and `replicas` replicas each) on loopback ports. */
export async function startRedisCluster(replicas = 0): Promise<RedisCluster> {
  const flags = [
    '--cluster-enabled',
    'yes',
    '--cluster-config-file',
    'nodes.conf',
    '--cluster-node-timeout',
    '1000',
    '--cluster-require-full-coverage',
    'no',
  ];
  const servers = await Promise.all(
    Array.from({ length: 3 * (1 + replicas) }, () => startRedisServer(flags)),
  );
  await run('redis-cli', [
    '--cluster',
    'create',
    ...servers.map((server) => server.address),
    '--cluster-replicas',
    String(replicas),
    '--cluster-yes',
  ]);
  const probe = new Redis({ port: servers[0]!.port, lazyConnect: true });
  await probe.connect();
  const deadline = Date.now() + 10_000;
  for (;;) {
    const info = await probe.cluster('INFO');
    if (info.includes('cluster_state:ok')) break;
    if (Date.now() > deadline) throw new Error('cluster did not become ok');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const roles = await Promise.all(
    servers.map(async (server) => {
      const client = new Redis({ port: server.port, lazyConnect: true });
      await client.connect();
      const role = (await client.role()) as [string];
      client.disconnect();
      return role[0];
    }),
  );
  probe.disconnect();
  return {
    nodes: servers.map((server) => server.address),
    masters: servers.filter((_, i) => roles[i] === 'master'),
    replicas: servers.filter((_, i) => roles[i] !== 'master'),
    async stop() {
      await Promise.all(servers.map((server) => server.stop()));
    },
  };
}

/** Kills every server this file started (afterAll). */
export async function stopAll(): Promise<void> {
  await Promise.all([...owned].map((server) => server.stop()));
}

/** Deletes the keys under `prefix` on the shared server (never anything else). */
export async function deletePrefix(url: string, prefix: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true });
  await client.connect();
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await client.del(...keys);
  } while (cursor !== '0');
  client.disconnect();
}
