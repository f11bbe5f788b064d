/**
 * Integration harness: a real mock upstream and a real proxy, both on 127.0.0.1 port 0, with a
 * temporary config file, key file and decision log. Tests talk to `harness.url` with real clients
 * and read decision records back parsed (never by regex over log text).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startApp, type App } from '../../src/app.ts';
import { generateApiKey, generateKeyId, hashApiKey } from '../../src/auth/api-key.ts';
import { writeKeyFile, type KeyFileInput } from '../../src/auth/key-file.ts';
import { deepMerge } from '../../src/config/load-config.ts';
import type { DecisionRecord } from '../../src/decision-log/record.ts';
import type { Scorer } from '../../src/detection/score.ts';
import {
  startMockUpstream,
  type MockUpstream,
  type MockUpstreamOptions,
} from '../../src/mock-upstream/mock-upstream.ts';
import type { Clock } from '../../src/util/clock.ts';
import { silentLogger, type Logger } from '../../src/util/logger.ts';

export const UPSTREAM_SECRET = 'upstream-secret-for-tests-0123456789';
export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';

/** Accounts every harness creates keys for. */
export const ACCOUNTS = {
  alice: { account: 'acct_alice', org: 'org_acme', tier: 'standard' },
  bob: { account: 'acct_bob', org: 'org_acme', tier: 'standard' },
  mallory: { account: 'acct_mallory', org: 'org_shadow', tier: 'free' },
  erin: { account: 'acct_erin', org: 'org_blocked', tier: 'free' },
} as const;
export type AccountName = keyof typeof ACCOUNTS;

export interface HarnessOptions {
  /** Merged over the base config (same shape as the YAML file). */
  readonly config?: Record<string, unknown>;
  readonly mock?: MockUpstreamOptions;
  readonly logger?: Logger;
  /** Watch the config and key files (hot reload tests). */
  readonly watch?: boolean;
  readonly clock?: Clock;
  /** In place of the detector (e.g. one that records what it is given). */
  readonly scorer?: Scorer;
}

export interface Harness {
  readonly app: App;
  readonly mock: MockUpstream;
  /** Base URL of the proxy. */
  readonly url: string;
  readonly keys: Readonly<Record<AccountName, string>>;
  readonly dir: string;
  readonly configFile: string;
  readonly keyFile: string;
  readonly decisionLogFile: string;
  /** Flushes the decision log and returns every record written so far. */
  records(): Promise<DecisionRecord[]>;
  /** Waits until `count` records exist (records are written when responses close). */
  waitForRecords(count: number, timeoutMs?: number): Promise<DecisionRecord[]>;
  close(): Promise<void>;
}

export function baseConfig(dir: string, upstreamUrl: string): Record<string, unknown> {
  return {
    listen: { host: '127.0.0.1', port: 0, drain_timeout: '2s' },
    limits: { max_body_bytes: '1MiB' },
    upstream: {
      url: upstreamUrl,
      connect_timeout: '2s',
      first_byte_timeout: '5s',
      idle_stream_timeout: '5s',
      credential: { mode: 'replace', value_env: 'TEST_UPSTREAM_KEY' },
    },
    routes: {
      passthrough: [
        { path: '/v1/models', methods: ['GET'] },
        { path: '/v1/files/*', methods: ['GET', 'POST'], dialect: 'openai' },
      ],
      websocket: [{ path: '/v1/realtime', dialect: 'openai' }],
    },
    auth: { key_file: 'keys.yaml' },
    accounts: {
      tiers: {
        default: {
          requests_per_minute: 60,
          input_tokens_per_minute: 200000,
          output_tokens_per_minute: 20000,
        },
        standard: {
          requests_per_minute: 120,
          input_tokens_per_minute: 400000,
          output_tokens_per_minute: 40000,
        },
        free: {
          requests_per_minute: 20,
          input_tokens_per_minute: 50000,
          output_tokens_per_minute: 5000,
        },
      },
      overrides: [
        { account: 'acct_mallory', action: 'deny', reason: 'test: deny-listed account' },
        { org: 'org_blocked', action: 'deny', reason: 'test: deny-listed org' },
      ],
    },
    // Detection runs (every test exercises extraction and scoring) but never acts: these suites
    // hammer one account with identical requests, which is exactly what it would rightly block.
    // Detection's own suites use the shipped rules.
    policy: { mode: 'enforce', rules: [] },
    decision_log: { path: join(dir, 'decisions.ndjson'), flush_interval: '20ms' },
    admin: { enabled: true, port: 0, token_env: 'TEST_ADMIN_TOKEN' },
  };
}

/** The secret decoy tool names are derived from (policy.decoy_tools.secret_env's default). */
export const DECOY_SECRET = 'decoy-secret-for-tests-0123456789abcdef';
export const TEST_ENV = {
  TEST_UPSTREAM_KEY: UPSTREAM_SECRET,
  TEST_ADMIN_TOKEN: ADMIN_TOKEN,
  DISTILLGUARD_DECOY_SECRET: DECOY_SECRET,
};

/** Writes a key file with one fresh key per account and returns the keys. */
export async function writeTestKeys(file: string): Promise<Record<AccountName, string>> {
  const keys = {} as Record<AccountName, string>;
  const entries: KeyFileInput[] = [];
  for (const [name, info] of Object.entries(ACCOUNTS) as [
    AccountName,
    (typeof ACCOUNTS)[AccountName],
  ][]) {
    const key = generateApiKey();
    keys[name] = key;
    entries.push({
      id: generateKeyId(),
      sha256: hashApiKey(key),
      ...info,
      created_at: new Date().toISOString(),
    });
  }
  await writeKeyFile(file, entries);
  return keys;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'dg-test-'));
  const mock = await startMockUpstream({
    record: true,
    expectedCredential: UPSTREAM_SECRET,
    ...options.mock,
  });
  const keyFile = join(dir, 'keys.yaml');
  const keys = await writeTestKeys(keyFile);
  const configFile = join(dir, 'distillguard.yaml');
  const config = deepMerge(baseConfig(dir, mock.url), options.config ?? {});
  await writeFile(configFile, stringify(config));
  const decisionLogFile = join(dir, 'decisions.ndjson');
  let app: App;
  try {
    app = await startApp({
      configFile,
      env: TEST_ENV,
      watch: options.watch ?? false,
      logger: options.logger ?? silentLogger,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.scorer ? { scorer: options.scorer } : {}),
    });
  } catch (error) {
    await mock.close();
    throw error;
  }

  async function records(): Promise<DecisionRecord[]> {
    await app.decisionLog.flush();
    const text = await readFile(decisionLogFile, 'utf8').catch(() => '');
    // Only whole lines: a record appended after the flush may be half written when the file is
    // read (seen once in CI under load: "Unterminated string in JSON"); the next read has it.
    return text
      .slice(0, text.lastIndexOf('\n') + 1)
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as DecisionRecord);
  }

  return {
    app,
    mock,
    url: app.url,
    keys,
    dir,
    configFile,
    keyFile,
    decisionLogFile,
    records,
    async waitForRecords(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = await records();
        if (found.length >= count || Date.now() > deadline) return found;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      await app.shutdown();
      await mock.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A random string that must never appear anywhere it should not (secret canary). */
export function canary(): string {
  return `canary${randomBytes(12).toString('hex')}`;
}
