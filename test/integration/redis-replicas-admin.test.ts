/**
 * Two real proxy processes (`distillguard serve`) on one Redis (the shared server, a key prefix of
 * their own): an override or labels set through one replica's admin API comes into force on the
 * other, and a removal through the other is gone on the first; a
 * thinking block one replica withheld behind a stand-in (strip_reasoning) is put back by the other
 * when the client's next turn reaches it — the official Anthropic SDK as the client, the mock
 * upstream checking returned thinking signatures as the real API does.
 */
import Anthropic from '@anthropic-ai/sdk';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateApiKey, generateKeyId, hashApiKey } from '../../src/auth/api-key.ts';
import type { RedisConnection } from '../../src/redis/redis-connection.ts';
import { createKeyRecord } from '../../src/redis/redis-key-admin.ts';
import { ADMIN_TOKEN, TEST_ENV } from '../helpers/harness.ts';
import { msUntil } from '../helpers/wait.ts';
import {
  startReplica,
  startReplicaWorld,
  type Replica,
  type ReplicaWorld,
  onSharedRedis,
} from '../helpers/replicas.ts';

let world: ReplicaWorld;
let connection: RedisConnection;
let a: Replica;
let b: Replica;

async function newKey(account: string): Promise<string> {
  const key = generateApiKey();
  const created = await createKeyRecord(connection, {
    id: generateKeyId(),
    sha256: hashApiKey(key),
    account,
    tier: 'standard',
  });
  if (!created) throw new Error('key not created');
  // Every replica knows it (within a second: redis-replicas.test.ts holds that bound; here it is
  // only the set-up, so a busy machine gets more room).
  for (const replica of [a, b])
    expect(await until(5000, async () => (await chat(replica, key)) !== 401)).toBeLessThan(5000);
  return key;
}

async function chat(replica: Replica, key: string): Promise<number> {
  const response = await request(`${replica.url}/v1/chat/completions`, {
    method: 'POST',
    dispatcher: world.agent,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'mock', messages: [{ role: 'user', content: 'hi' }] }),
  });
  await response.body.dump();
  return response.statusCode;
}

async function admin(
  replica: Replica,
  method: 'GET' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await request(`${replica.adminUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.statusCode,
    json: (await response.body.json()) as Record<string, unknown>,
  };
}

const until = msUntil;

/**
 * How long a change may take to reach the other replica here. The promise is milliseconds (pub/sub)
 * and at most a second after a lost message (redis-override-store.ts); this file's subject is that
 * the change arrives at all, through each admin route. Two child processes and their Redis share
 * a 2-core machine with the rest of the suite, where a 1 s wall-clock bound can fail with nothing
 * wrong; a change that never propagates still fails.
 */
const PROPAGATION_MS = 5000;

beforeAll(async () => {
  world = await startReplicaWorld({ verifyThinking: true, record: true });
  const deployment = await onSharedRedis(world);
  connection = deployment.connection;
  const config = deployment.config;
  config['policy'] = {
    mode: 'enforce',
    rules: [
      {
        id: 'withhold-thinking',
        when: { model: ['mock-thinker'] },
        action: 'degrade',
        degrade: { strip_reasoning: true },
      },
    ],
  };
  const configFile = join(world.dir, 'distillguard.yaml');
  await writeFile(configFile, stringify(config));
  [a, b] = await Promise.all([
    startReplica(configFile, TEST_ENV),
    startReplica(configFile, TEST_ENV),
  ]);
});

afterAll(() => world.close());

describe('two replicas on one Redis: the admin API and the thinking vault', () => {
  it('an override set through one replica is in force on the other; removed through the other, gone on the first', async () => {
    const key = await newKey('acct_ops');
    const path = '/admin/accounts/acct_ops/override';
    const set = { action: 'deny', reason: 'ticket 1', actor: 'alice@ops', expires: '1h' };
    expect((await admin(a, 'PUT', path, set)).status).toBe(200);
    expect(await until(PROPAGATION_MS, async () => (await chat(b, key)) === 403)).toBeLessThan(
      PROPAGATION_MS,
    );
    const removed = await admin(b, 'DELETE', path, { reason: 'appeal', actor: 'bob@ops' });
    expect(removed.status).toBe(200);
    expect(removed.json['before']).toMatchObject({ action: 'deny', actor: 'alice@ops' });
    expect(await until(PROPAGATION_MS, async () => (await chat(a, key)) === 200)).toBeLessThan(
      PROPAGATION_MS,
    );
    // Nothing left to remove on either replica.
    expect((await admin(a, 'DELETE', path, { reason: 'again', actor: 'bob@ops' })).status).toBe(
      404,
    );
  });

  it('labels set through one replica are resolved on the other, and their removal too', async () => {
    await newKey('acct_labelled');
    const path = '/admin/accounts/acct_labelled';
    const labels = (json: Record<string, unknown>): unknown =>
      (json['resolved'] as { labels?: unknown } | undefined)?.labels;
    const set = { labels: ['kyc-passed'], reason: 'KYC done', actor: 'alice@ops', expires: '24h' };
    expect((await admin(b, 'PUT', `${path}/labels`, set)).status).toBe(200);
    const seen = await until(PROPAGATION_MS, async () => {
      const report = await admin(a, 'GET', path);
      return JSON.stringify(labels(report.json)).includes('kyc-passed');
    });
    expect(seen).toBeLessThan(PROPAGATION_MS);
    const removed = { reason: 'revoked', actor: 'alice@ops' };
    expect((await admin(a, 'DELETE', `${path}/labels`, removed)).status).toBe(200);
    const gone = await until(PROPAGATION_MS, async () => {
      const report = await admin(b, 'GET', path);
      return !JSON.stringify(labels(report.json)).includes('kyc-passed');
    });
    expect(gone).toBeLessThan(PROPAGATION_MS);
  });

  it('a stand-in issued by one replica is restored by the other (the upstream gets its thinking back)', async () => {
    const key = await newKey('acct_thinker');
    const question = { role: 'user' as const, content: 'why?' };
    const thinking = { type: 'enabled' as const, budget_tokens: 4000 };
    const onA = new Anthropic({ apiKey: key, baseURL: a.url, maxRetries: 0 });
    const first = await onA.messages
      .stream({ model: 'mock-thinker', max_tokens: 8000, thinking, messages: [question] })
      .finalMessage();
    expect(first.content.map((block) => block.type)).toEqual(['redacted_thinking', 'text']);
    const onB = new Anthropic({ apiKey: key, baseURL: b.url, maxRetries: 0 });
    const history = [question, { role: 'assistant' as const, content: first.content }];
    const second = await onB.messages.create({
      model: 'mock-thinker',
      max_tokens: 8000,
      thinking,
      messages: [...history, { role: 'user', content: 'and then?' }],
    });
    expect(second.content.map((block) => block.type)).toEqual(['redacted_thinking', 'text']);
    const upstream = JSON.parse(world.mock.requests.at(-1)?.body.toString('utf8') ?? '{}') as {
      messages: { content: { type: string; thinking?: string }[] }[];
    };
    expect(upstream.messages[1]?.content[0]?.type).toBe('thinking');
    expect(upstream.messages[1]?.content[0]?.thinking?.length).toBeGreaterThan(0);
  });
});
