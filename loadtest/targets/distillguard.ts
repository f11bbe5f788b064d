/**
 * Target "distillguard": the real product through `startApp`, on its full path — API-key auth
 * against a real key file (SHA-256 hashes), the whole pipeline, credential mode `replace`, and
 * the decision log written to a real file. The config mirrors test/helpers/harness.ts's
 * baseConfig with limits raised so the load itself is never refused.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startApp } from '../../src/app.ts';
import { deepMerge } from '../../src/config/load-config.ts';
import { generateApiKey, generateKeyId, hashApiKey } from '../../src/auth/api-key.ts';
import { writeKeyFile } from '../../src/auth/key-file.ts';
import type { TelemetryHooks } from '../../src/telemetry/start-telemetry.ts';
import { createLogger } from '../../src/util/logger.ts';
import type { RunningServer } from '../listen.ts';

const UPSTREAM_KEY_ENV = 'LOADTEST_UPSTREAM_KEY';

/** What a variant of the target changes: its policy rules, its telemetry section. */
export interface DistillguardVariant {
  /** Policy rules (default none: detection runs, nothing acts; see loadtestConfig). */
  readonly rules?: readonly unknown[];
  /** The `telemetry` config section (default: absent). */
  readonly telemetry?: Record<string, unknown>;
  /** In-process span exporter and metric reader (telemetry on). */
  readonly hooks?: TelemetryHooks;
  /** Merged over the config (e.g. a store section and limits: loadtest/redis-bench.ts). */
  readonly overrides?: Record<string, unknown>;
  /** More environment for the config (e.g. a Redis password variable). */
  readonly env?: Record<string, string>;
}

function loadtestConfig(
  dir: string,
  upstreamUrl: string,
  variant: DistillguardVariant,
): Record<string, unknown> {
  return {
    listen: { host: '127.0.0.1', port: 0, drain_timeout: '2s' },
    limits: {
      max_body_bytes: '1MiB',
      // Far above the 64 connections / 64 streams of the scenarios: the load is never shed.
      max_concurrent_requests: 10_000,
      keep_alive_timeout: '65s',
    },
    upstream: {
      url: upstreamUrl,
      connect_timeout: '2s',
      first_byte_timeout: '10s',
      idle_stream_timeout: '10s',
      credential: { mode: 'replace', value_env: UPSTREAM_KEY_ENV },
    },
    routes: { passthrough: [{ path: '/v1/models', methods: ['GET'] }] },
    auth: { key_file: 'keys.yaml' },
    accounts: {
      tiers: {
        standard: {
          requests_per_minute: 120,
          input_tokens_per_minute: 400_000,
          output_tokens_per_minute: 40_000,
        },
      },
      default_tier: 'standard',
      // Overrides present so the account stage does its real lookups.
      overrides: [
        { account: 'acct_mallory', action: 'deny', reason: 'load test' },
        { org: 'org_blocked', action: 'deny', reason: 'load test' },
      ],
    },
    // Detection runs in full on every request (its cost is part of what is measured), but the
    // policy has no rules: one account sending 15k identical requests a second would rightly be
    // blocked, and local 403s would measure something else.
    policy: { mode: 'enforce', rules: variant.rules ?? [] },
    decision_log: {
      path: join(dir, 'decisions.ndjson'),
      // ~15k records/s at ~700 B: rotation (part of the real path) keeps the disk use bounded.
      rotate_bytes: '64MiB',
      max_files: 2,
    },
    admin: { enabled: false },
    ...(variant.telemetry ? { telemetry: variant.telemetry } : {}),
  };
}

/** Writes the key file (holding the client key's hash among a few others) and the config. */
async function writeConfig(
  dir: string,
  upstreamUrl: string,
  clientKey: string,
  variant: DistillguardVariant,
): Promise<string> {
  const createdAt = new Date().toISOString();
  const others = ['acct_bob', 'acct_mallory', 'acct_erin'].map((account) => ({
    id: generateKeyId(),
    sha256: hashApiKey(generateApiKey()),
    account,
    org: 'org_acme',
    tier: 'standard',
    created_at: createdAt,
  }));
  await writeKeyFile(join(dir, 'keys.yaml'), [
    {
      id: generateKeyId(),
      sha256: hashApiKey(clientKey),
      account: 'acct_loadtest',
      org: 'org_acme',
      tier: 'standard',
      created_at: createdAt,
    },
    ...others,
  ]);
  const configFile = join(dir, 'distillguard.yaml');
  await writeFile(
    configFile,
    stringify(deepMerge(loadtestConfig(dir, upstreamUrl, variant), variant.overrides ?? {})),
  );
  return configFile;
}

export async function startDistillguard(
  upstreamUrl: string,
  clientKey: string,
  workDir: string,
  variant: DistillguardVariant = {},
): Promise<RunningServer & { readonly adminUrl: string | undefined }> {
  const configFile = await writeConfig(workDir, upstreamUrl, clientKey, variant);
  const app = await startApp({
    configFile,
    env: { [UPSTREAM_KEY_ENV]: 'sk-loadtest-upstream-credential-0123456789', ...variant.env },
    // The real operational logger (stderr): anything it prints under load is a finding.
    logger: createLogger(),
    ...(variant.hooks ? { telemetryHooks: variant.hooks } : {}),
  });
  return { url: app.url, adminUrl: app.adminUrl, close: () => app.shutdown() };
}
