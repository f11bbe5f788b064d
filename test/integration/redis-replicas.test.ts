/**
 * Two real proxy processes (`distillguard serve`) sharing one Redis (the shared server, a key
 * prefix of their own): a limit of L across both admits L (±1%), keys imported with `distillguard
 * keys import` are served, and a key revoked with `distillguard keys revoke` is refused by both
 * within a second.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateApiKey, generateKeyId, hashApiKey } from '../../src/auth/api-key.ts';
import type { RedisConnection } from '../../src/redis/redis-connection.ts';
import { TEST_ENV, ADMIN_TOKEN } from '../helpers/harness.ts';
import {
  createReplicaKey,
  MAIN,
  replicaChat,
  NODE,
  startReplica,
  startReplicaWorld,
  type Replica,
  type ReplicaWorld,
  onSharedRedis,
} from '../helpers/replicas.ts';

const L = 200;

let world: ReplicaWorld;
let connection: RedisConnection;
let configFile: string;
let replicas: Replica[];

function newKey(account: string): Promise<{ id: string; key: string }> {
  return createReplicaKey(connection, account);
}

/** Runs the CLI (the project's Node) to completion. */
async function cli(args: string[]): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(NODE, [MAIN, ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...TEST_ENV },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout };
}

/** Waits (≤ 1 s, the promise for a new key too) until every replica accepts a new key. */
async function untilKnown(key: string): Promise<void> {
  for (const replica of replicas) {
    const since = Date.now();
    while ((await chat(replica, key, 'mock-free')) === 401) {
      if (Date.now() - since > 1000) throw new Error('a new key did not reach a replica in 1 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

function chat(replica: Replica, key: string, model = 'mock-shared'): Promise<number> {
  return replicaChat(world, replica, key, model);
}

beforeAll(async () => {
  world = await startReplicaWorld();
  const deployment = await onSharedRedis(world);
  connection = deployment.connection;
  const config = deployment.config;
  config['policy'] = {
    mode: 'enforce',
    rules: [],
    limits: [
      {
        id: 'shared',
        scope: 'account',
        when: { model: ['mock-shared'] },
        requests: { limit: L, per: '1h' },
      },
    ],
  };
  configFile = join(world.dir, 'distillguard.yaml');
  await writeFile(configFile, stringify(config));
  replicas = await Promise.all([
    startReplica(configFile, TEST_ENV),
    startReplica(configFile, TEST_ENV),
  ]);
});

afterAll(() => world.close());

describe('two replicas on one Redis', () => {
  it('report the shared store as connected', async () => {
    for (const replica of replicas) {
      const ready = await replica.readiness(ADMIN_TOKEN);
      expect(ready['store']).toMatchObject({ type: 'redis', state: 'connected' });
    }
  });

  it(`admit a limit of ${L} across both: L (±1%) of 2L requests sent round-robin`, async () => {
    const { key } = await newKey('acct_shared_limit');
    await untilKnown(key);
    const statuses: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < 2 * L) {
          const replica = replicas[next++ % 2] as Replica;
          statuses.push(await chat(replica, key));
        }
      }),
    );
    const admitted = statuses.filter((status) => status === 200).length;
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    expect(admitted).toBeGreaterThanOrEqual(Math.floor(L * 0.99));
    expect(admitted).toBeLessThanOrEqual(Math.ceil(L * 1.01));
  });

  it('serve keys imported with `keys import`; `keys list` shows them (never a digest)', async () => {
    const key = generateApiKey();
    const id = generateKeyId();
    const file = join(world.dir, 'import.jsonl');
    await writeFile(
      file,
      `${JSON.stringify({ id, sha256: hashApiKey(key), account: 'acct_imported', tier: 'standard' })}\n`,
    );
    expect((await cli(['keys', 'import', file, '--config', configFile])).code).toBe(0);
    await untilKnown(key);
    const list = await cli([
      'keys',
      'list',
      '--json',
      '--account',
      'acct_imported',
      '--config',
      configFile,
    ]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject({
      id,
      account: 'acct_imported',
      status: 'active',
    });
    expect(list.stdout).not.toContain(hashApiKey(key));
  });

  it('refuse a key revoked with `keys revoke` on both within a second', async () => {
    const { id, key } = await newKey('acct_revoked');
    await untilKnown(key);
    const revoke = spawn(
      NODE,
      [MAIN, 'keys', 'revoke', id, '--config', configFile, '--reason', 'test'],
      {
        env: { PATH: process.env['PATH'] ?? '', ...TEST_ENV },
        stdio: 'ignore',
      },
    );
    const code = await new Promise((resolve) => revoke.once('exit', resolve));
    expect(code).toBe(0);
    const revokedAt = Date.now();
    const refusedAfter = await Promise.all(
      replicas.map(async (replica) => {
        while (Date.now() - revokedAt < 3000) {
          if ((await chat(replica, key, 'mock-free')) === 401) return Date.now() - revokedAt;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return Infinity;
      }),
    );
    for (const ms of refusedAfter) expect(ms).toBeLessThan(1000);
  });
});
