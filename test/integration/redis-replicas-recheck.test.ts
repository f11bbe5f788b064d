/**
 * The in-flight re-check across replicas (src/pipeline/recheck-in-flight.ts): two real proxy
 * processes on one Redis; an account streams through replica A, and a request of the same account
 * is blocked on replica B with `remember.account`. B's block reaches A through the shared block
 * memory, and A ends the stream with the dialect's error event at its next chunk — where before,
 * only a block made on A itself could cut A's streams (OpenStreams), and the stream ran to its end.
 */
import Anthropic from '@anthropic-ai/sdk';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { DecisionRecord } from '../../src/decision-log/record.ts';
import type { RedisConnection } from '../../src/redis/redis-connection.ts';
import { TEST_ENV } from '../helpers/harness.ts';
import { streamUnderWay } from '../helpers/stream-under-way.ts';
import {
  createReplicaKey,
  replicaChat,
  startReplica,
  startReplicaWorld,
  type Replica,
  type ReplicaWorld,
  onSharedRedis,
} from '../helpers/replicas.ts';

let world: ReplicaWorld;
let connection: RedisConnection;
let replicas: [Replica, Replica];
let logFile: string;

beforeAll(async () => {
  // ~10 s of stream (250 deltas 40 ms apart): under way long before, and long after, the block.
  world = await startReplicaWorld({ eventDelayMs: 40, words: 250 });
  const deployment = await onSharedRedis(world);
  connection = deployment.connection;
  const config = deployment.config;
  config['policy'] = {
    mode: 'enforce',
    rules: [
      {
        id: 'banned-model',
        when: { model: ['mock-banned'] },
        action: 'block',
        remember: { account: '1h' },
      },
    ],
  };
  logFile = (config['decision_log'] as { path: string }).path;
  const configFile = join(world.dir, 'distillguard.yaml');
  await writeFile(configFile, stringify(config));
  replicas = [await startReplica(configFile, TEST_ENV), await startReplica(configFile, TEST_ENV)];
});

afterAll(() => world.close());

function chat(replica: Replica, key: string, model: string): Promise<number> {
  return replicaChat(world, replica, key, model);
}

/** Waits (≤ 2 s) until both replicas know a new key. */
async function untilKnown(key: string): Promise<void> {
  for (const replica of replicas) {
    const since = Date.now();
    while ((await chat(replica, key, 'mock-ok')) === 401) {
      if (Date.now() - since > 2000) throw new Error('a new key did not reach a replica in 2 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

async function records(): Promise<DecisionRecord[]> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as DecisionRecord);
}

describe('the in-flight re-check across replicas', () => {
  it('ends a stream on one replica when its account is blocked on the other', async () => {
    const { key } = await createReplicaKey(connection, 'acct_recheck_stream');
    await untilKnown(key);
    const [a, b] = replicas;
    const stream = await streamUnderWay(a.url, key, 'tell me a long story about lighthouses');
    expect(await chat(b, key, 'mock-banned')).toBe(403);
    const error = await stream.finished;
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as Error).message).toContain('DG_ERR_BLOCKED');
    expect(stream.text().length).toBeGreaterThan(0);
    // The decision logs (both replicas append to one file here) hold A's cut.
    const since = Date.now();
    let cut: DecisionRecord | undefined;
    while (cut === undefined && Date.now() - since < 5000) {
      cut = (await records()).find(
        (r) => r.account === 'acct_recheck_stream' && r.detail === 'cut_in_flight',
      );
      if (cut === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(cut).toMatchObject({
      action: 'block',
      rule: 'banned-model',
      reason: 'remembered_account',
      outcome: 'cut',
      error: 'DG_ERR_BLOCKED',
      status: 200,
    });
  });
});
