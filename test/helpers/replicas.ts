/**
 * Real proxy replicas: `distillguard serve` processes (the project's Node 24) on one config, each
 * on its own ports (port 0), found by the "distillguard listening" line of their process log.
 * Every process started here is stopped by `stopReplicas()` (SIGTERM, then SIGKILL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import {
  startMockUpstream,
  type MockUpstream,
  type MockUpstreamOptions,
} from '../../src/mock-upstream/mock-upstream.ts';
import { generateApiKey, generateKeyId, hashApiKey } from '../../src/auth/api-key.ts';
import type { RedisConnection } from '../../src/redis/redis-connection.ts';
import { createKeyRecord } from '../../src/redis/redis-key-admin.ts';
import { baseConfig, UPSTREAM_SECRET } from './harness.ts';
import { closeConnections, openConnection } from './redis-connections.ts';
import { SHARED_REDIS_URL, testPrefix } from './redis-servers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const NODE = join(ROOT, 'node_modules/.bin/node');
export const MAIN = join(ROOT, 'src/main.ts');

export interface Replica {
  readonly url: string;
  readonly adminUrl: string;
  readonly process: ChildProcess;
  /** Every process-log line so far (JSON objects). */
  readonly log: Record<string, unknown>[];
  /** GET /readyz (admin token given). */
  readiness(token: string): Promise<Record<string, unknown>>;
}

const running = new Set<ChildProcess>();

export async function startReplica(
  configFile: string,
  env: Record<string, string>,
): Promise<Replica> {
  const child = spawn(NODE, [MAIN, 'serve', '--config', configFile], {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const log: Record<string, unknown>[] = [];
  let buffered = '';
  const listening = new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('replica did not start')), 20_000);
    child.once('exit', (code) => reject(new Error(`replica exited with ${code}`)));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') continue;
        const entry = JSON.parse(line) as Record<string, unknown>;
        log.push(entry);
        if (entry['msg'] === 'distillguard listening') {
          clearTimeout(timer);
          resolve(entry);
        }
      }
    });
  });
  const started = await listening;
  const adminUrl = String(started['admin']);
  return {
    url: String(started['url']),
    adminUrl,
    process: child,
    log,
    async readiness(token) {
      const response = await request(`${adminUrl}/readyz`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return (await response.body.json()) as Record<string, unknown>;
    },
  };
}

export async function stopReplicas(): Promise<void> {
  await Promise.all(
    [...running].map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }),
  );
}

/** What replica tests share: a temp dir for configs, the mock upstream, a client agent. */
export interface ReplicaWorld {
  readonly dir: string;
  readonly mock: MockUpstream;
  readonly agent: Agent;
  /** Stops the replicas, the mock and the Redis connections; deletes the temp dir. */
  close(): Promise<void>;
}

/**
 * A replica config on the shared Redis under `prefix`, keys read from Redis. A generous command
 * timeout: replica tests check accuracy on a shared, busy machine; what a timeout does is the
 * fault tests' subject.
 */
export function sharedRedisConfig(
  world: ReplicaWorld,
  prefix: string,
): Record<string, Record<string, unknown>> {
  const config = baseConfig(world.dir, world.mock.url) as Record<string, Record<string, unknown>>;
  config['auth'] = {};
  config['store'] = {
    type: 'redis',
    redis: { url: SHARED_REDIS_URL, key_prefix: prefix, command_timeout: '2s' },
  };
  return config;
}

export async function startReplicaWorld(
  mockOptions: MockUpstreamOptions = {},
): Promise<ReplicaWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'dg-replicas-'));
  const mock = await startMockUpstream({ expectedCredential: UPSTREAM_SECRET, ...mockOptions });
  const agent = new Agent({ connections: 32 });
  return {
    dir,
    mock,
    agent,
    async close() {
      await stopReplicas();
      await agent.close();
      await mock.close();
      await closeConnections();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh key prefix on the shared Redis for one deployment: its connection (to create keys and
 * inspect state) and the replicas' config on it (sharedRedisConfig), to complete and write.
 */
export async function onSharedRedis(world: ReplicaWorld): Promise<{
  readonly prefix: string;
  readonly connection: RedisConnection;
  readonly config: Record<string, Record<string, unknown>>;
}> {
  const prefix = testPrefix();
  const connection = await openConnection({ url: SHARED_REDIS_URL, key_prefix: prefix });
  return { prefix, connection, config: sharedRedisConfig(world, prefix) };
}

/** Creates an active standard-tier key for `account` in the shared Redis: the key and its id. */
export async function createReplicaKey(
  connection: RedisConnection,
  account: string,
): Promise<{ id: string; key: string }> {
  const key = generateApiKey();
  const id = generateKeyId();
  const created = await createKeyRecord(connection, {
    id,
    sha256: hashApiKey(key),
    account,
    tier: 'standard',
    created_at: new Date().toISOString(),
  });
  if (!created) throw new Error('key not created');
  return { id, key };
}

/** A short chat completion through a replica: its status. */
export async function replicaChat(
  world: ReplicaWorld,
  replica: Replica,
  key: string,
  model: string,
): Promise<number> {
  const response = await request(`${replica.url}/v1/chat/completions`, {
    method: 'POST',
    dispatcher: world.agent,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }], max_tokens: 5 }),
  });
  await response.body.dump();
  return response.statusCode;
}
