/**
 * A hydra spread round-robin over two replicas (real `distillguard serve` processes sharing one
 * Redis) is detected as fast as on one replica: the same campaign (detection.test.ts's — young
 * accounts, one template with varying fill-ins, harvesting parameters) is sent to one replica and
 * to a pair; the pair pools its cluster evidence through Redis and blocks the campaign within the
 * same round, on both replicas, and each replica blocks a rotated replacement on its first request.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DEFAULT_RULES } from '../../src/policy/default-rules.ts';
import { createKeyRecord } from '../../src/redis/redis-key-admin.ts';
import { TEST_ENV } from '../helpers/harness.ts';
import {
  startReplica,
  startReplicaWorld,
  type Replica,
  type ReplicaWorld,
  onSharedRedis,
} from '../helpers/replicas.ts';
import { harvestPrompt, hydraKeys } from '../helpers/hydra.ts';

const MODEL = 'mock-large';
const ACCOUNTS = 30;
const ROUNDS = 4;
let world: ReplicaWorld;

/** Replicas on a fresh prefix, with ACCOUNTS + 2 hydra keys created in Redis. */
async function deployment(count: number): Promise<{ replicas: Replica[]; keys: string[] }> {
  const { prefix, connection, config } = await onSharedRedis(world);
  const { keys, entries } = hydraKeys(ACCOUNTS + 2);
  for (const entry of entries) await createKeyRecord(connection, entry);
  config['detection'] = {
    window: '60s',
    refresh_interval: '25ms',
    models: [{ name: MODEL, max_output_tokens: 4096 }],
  };
  config['policy'] = { rules: [...DEFAULT_RULES] };
  const file = join(world.dir, `${prefix}.yaml`);
  await writeFile(file, stringify(config));
  const replicas = await Promise.all(
    Array.from({ length: count }, () => startReplica(file, TEST_ENV)),
  );
  return { replicas, keys };
}

async function harvest(replica: Replica, key: string, index: number): Promise<number> {
  const response = await request(`${replica.url}/v1/chat/completions`, {
    method: 'POST',
    dispatcher: world.agent,
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      'user-agent': 'OpenAI/JS 7.57.0',
    },
    body: JSON.stringify({
      model: MODEL,
      max_completion_tokens: 4096,
      messages: [{ role: 'user', content: harvestPrompt(index) }],
    }),
  });
  await response.body.dump();
  return response.statusCode;
}

/** The campaign, request i of a round to replica i mod N; the status of every request. */
async function campaign(replicas: Replica[], keys: string[]): Promise<number[]> {
  const statuses: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < ACCOUNTS; i++) {
      const index = round * ACCOUNTS + i;
      statuses.push(
        await harvest(replicas[index % replicas.length] as Replica, keys[i] ?? '', index),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 150)); // a few refreshes (25 ms)
  }
  return statuses;
}

beforeAll(async () => {
  world = await startReplicaWorld();
});

afterAll(() => world.close());

describe('a hydra spread round-robin over two replicas', () => {
  it('is blocked as fast as on one replica, by both, replacements included', async () => {
    const single = await deployment(1);
    const pair = await deployment(2);
    const alone = await campaign(single.replicas, single.keys);
    const spread = await campaign(pair.replicas, pair.keys);
    const firstBlock = (statuses: number[]): number => statuses.indexOf(403);
    const lastRound = (statuses: number[]): number[] => statuses.slice((ROUNDS - 1) * ACCOUNTS);
    expect(firstBlock(alone)).toBeGreaterThanOrEqual(0);
    expect(firstBlock(spread)).toBeGreaterThanOrEqual(0);
    // As fast: blocking starts within the same round of the campaign as on one replica.
    expect(Math.floor(firstBlock(spread) / ACCOUNTS)).toBeLessThanOrEqual(
      Math.floor(firstBlock(alone) / ACCOUNTS),
    );
    expect(lastRound(spread).filter((s) => s === 403).length).toBeGreaterThanOrEqual(
      lastRound(alone).filter((s) => s === 403).length - 2,
    );
    // Both replicas block (odd and even requests of the last round).
    const last = lastRound(spread);
    expect(last.filter((s, i) => s === 403 && i % 2 === 0).length).toBeGreaterThan(10);
    expect(last.filter((s, i) => s === 403 && i % 2 === 1).length).toBeGreaterThan(10);
    // A rotated replacement is blocked by either replica on its first request.
    const [a, b] = pair.replicas as [Replica, Replica];
    expect(await harvest(a, pair.keys[ACCOUNTS] ?? '', 999)).toBe(403);
    expect(await harvest(b, pair.keys[ACCOUNTS + 1] ?? '', 1000)).toBe(403);
  });
});
