/**
 * Loads the config file into a frozen RuntimeConfig: read YAML, validate against the schema, then
 * compile (CIDRs, routes, policy, credentials from the environment, the key file). Every problem
 * from every step is collected and returned at once; nothing is partially applied. The app swaps
 * the whole RuntimeConfig on reload, so a request always sees one consistent snapshot.
 */
import { hash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import type { AccountSettings } from '../account/account.ts';
import { compileOverrides } from '../account/overrides.ts';
import { compileDetection, type DetectionSettings } from '../detection/detection-settings.ts';
import type { KeyTable } from '../auth/key-table.ts';
import type { JwtConfig } from './jwt-schema.ts';
import type { DialectName } from '../dialects/dialect.ts';
import { DIALECTS } from '../dialects/dialects.ts';
import { compileRoutes, type RouteTable } from '../dialects/routes.ts';
import { createCidrSet, type CidrSet } from '../net/ip.ts';
import { compilePolicy, type CompiledPolicy } from '../policy/compile-policy.ts';
import { checkSections, type SectionFindings } from './check-sections.ts';
import { compileDecoys } from '../degrade/decoy-config.ts';
import type { DecoyNamer } from '../degrade/decoy-names.ts';
import type { StoreSettings } from '../redis/check-store.ts';
import type { ConfigError } from './config-error.ts';
import {
  endUserKey,
  endUserPseudonym,
  type EndUserKeySource,
} from '../signals/end-user-pseudonym.ts';
import { readYamlFile } from './read-yaml.ts';
import { configSchema, type FileConfig } from './schema.ts';
import { validate } from './validate.ts';

export interface UpstreamConfig {
  readonly origin: string;
  /** Path prefix of the upstream URL ("" or e.g. "/api"), prepended to every forwarded path. */
  readonly basePath: string;
  readonly connections: number;
  readonly connectTimeoutMs: number;
  readonly firstByteTimeoutMs: number;
  readonly idleStreamTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly credentialMode: 'replace' | 'pass_through' | 'none';
  /**
   * The upstream credential header per dialect (mode replace), built once. Holds the secret:
   * never logged, only placed in forwarded headers.
   */
  readonly credentialHeaders: Readonly<Record<DialectName, readonly [string, string]>> | undefined;
}

export interface RuntimeConfig {
  readonly file: string;
  /** Short hash of the config's contents, reported by /readyz and on reload. */
  readonly version: string;
  readonly listen: FileConfig['listen'] & { readonly trusted: CidrSet };
  readonly limits: FileConfig['limits'];
  readonly upstream: UpstreamConfig;
  readonly routes: RouteTable;
  /**
   * The key file (absolute); its contents live in the KeyStore, reloaded on their own. Undefined
   * when the keys live in Redis (store.redis.keys: redis).
   */
  readonly keyFile: string | undefined;
  /** Where shared state lives (memory, or Redis with its secrets). */
  readonly store: StoreSettings;
  /** JWT verification settings, when issuers are configured. */
  readonly jwt: JwtConfig | undefined;
  readonly accounts: AccountSettings & { readonly baselines: FileConfig['accounts']['tiers'] };
  readonly detection: DetectionSettings;
  /** Where the end-user pseudonym key came from (per_process: warned at start). */
  readonly endUserKeySource: EndUserKeySource;
  readonly policy: CompiledPolicy;
  /** Decoy tool names (holds the naming secret); undefined when no rule injects decoys. */
  readonly decoys: DecoyNamer | undefined;
  readonly decisionLog: FileConfig['decision_log'];
  readonly telemetry: FileConfig['telemetry'];
  readonly admin: FileConfig['admin'] & {
    readonly token: string | undefined;
    /** `audit_log` and `backtests_dir`, resolved against the config file's directory. */
    readonly auditLogPath: string;
    readonly backtestsPath: string | undefined;
  };
}

export type LoadResult =
  | { ok: true; config: RuntimeConfig; keys: KeyTable | undefined }
  | { ok: false; errors: ConfigError[] };

export interface LoadOptions {
  /** Environment to read secrets from (injected so tests never touch process.env). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Values applied over the file before validation (the demo points it at its mock upstream). */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /** Also load and check the key file (at start and in check-config; reloads load it apart). */
  readonly loadKeys?: boolean;
}

export async function loadConfig(file: string, options: LoadOptions): Promise<LoadResult> {
  const parsed = await readYamlFile(file);
  if (!parsed.ok) return parsed;
  const merged = options.overrides ? deepMerge(parsed.value, options.overrides) : parsed.value;
  const checked = validate(configSchema, merged, parsed.locator);
  const config = checked.ok ? checked.value : undefined;
  const findings = await checkSections(
    file,
    merged,
    config,
    parsed.locator,
    options.env,
    options.loadKeys === true,
  );
  const errors = [...(checked.ok ? [] : checked.errors), ...findings.errors];
  const store = findings.store;
  if (!config || !store || errors.length > 0) return { ok: false, errors: sortErrors(errors) };
  return {
    ok: true,
    config: compileConfig(file, config, { ...findings, store }),
    keys: findings.keys,
  };
}

/** Errors in file order (then by path), so the list reads top to bottom like the file. */
function sortErrors(errors: ConfigError[]): ConfigError[] {
  return errors.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.path.localeCompare(b.path),
  );
}

/** Builds the frozen runtime snapshot from a config that passed every check. */
function compileConfig(
  file: string,
  config: FileConfig,
  secrets: Pick<
    SectionFindings,
    'upstreamSecret' | 'adminToken' | 'decoySecret' | 'endUserSecret'
  > & {
    store: StoreSettings;
  },
): RuntimeConfig {
  const credentialSecret = secrets.upstreamSecret;
  const endUser = endUserKey(secrets.endUserSecret, credentialSecret);
  const baseDir = dirname(resolve(file));
  const url = new URL(config.upstream.url);
  const decisionLogPath =
    config.decision_log.path === '-' ? '-' : resolve(baseDir, config.decision_log.path);
  const runtime: RuntimeConfig = {
    file,
    version: versionOf(config),
    listen: { ...config.listen, trusted: createCidrSet(config.listen.trusted_proxies) },
    limits: config.limits,
    upstream: {
      origin: url.origin,
      basePath: url.pathname.replace(/\/+$/, ''),
      connections: config.upstream.connections,
      connectTimeoutMs: config.upstream.connect_timeout,
      firstByteTimeoutMs: config.upstream.first_byte_timeout,
      idleStreamTimeoutMs: config.upstream.idle_stream_timeout,
      keepAliveTimeoutMs: config.upstream.keep_alive_timeout,
      credentialMode: config.upstream.credential.mode,
      credentialHeaders:
        credentialSecret === undefined
          ? undefined
          : {
              anthropic: DIALECTS.anthropic.credentialHeader(credentialSecret),
              openai: DIALECTS.openai.credentialHeader(credentialSecret),
            },
    },
    routes: compileRoutes(config.routes.passthrough, config.routes.websocket),
    keyFile:
      config.auth.key_file === undefined ? undefined : resolve(baseDir, config.auth.key_file),
    store: secrets.store,
    jwt: config.auth.jwt,
    accounts: {
      defaultTier: config.accounts.default_tier,
      tiers: new Set(Object.keys(config.accounts.tiers)),
      baselines: config.accounts.tiers,
      overrides: compileOverrides(config.accounts.overrides),
    },
    detection: compileDetection(config.detection, endUserPseudonym(endUser.key)),
    endUserKeySource: endUser.source,
    policy: compilePolicy(config.policy, {
      tiers: config.accounts.tiers,
      defaultTier: config.accounts.default_tier,
    }),
    decoys: compileDecoys(config.policy.decoy_tools, config.policy.rules, secrets.decoySecret),
    decisionLog: { ...config.decision_log, path: decisionLogPath },
    telemetry: config.telemetry,
    admin: {
      ...config.admin,
      token: secrets.adminToken,
      auditLogPath: resolve(baseDir, config.admin.audit_log),
      backtestsPath:
        config.admin.backtests_dir === undefined
          ? undefined
          : resolve(baseDir, config.admin.backtests_dir),
    },
  };
  return Object.freeze(runtime);
}

function versionOf(config: FileConfig): string {
  const digest = hash('sha256', JSON.stringify(config), 'hex');
  return `cfg_${digest.slice(0, 12)}`;
}

/** Merges plain objects recursively; arrays and scalars in `patch` replace those in `base`. */
export function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = deepMerge(base[key], value);
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
