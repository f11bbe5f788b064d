/**
 * Checks the schema cannot express: secrets present in the environment, cross-field rules, and
 * the key file the config names. Each check needs only its own section, and each section is
 * validated on its own, so these run even when another section has schema errors — an operator
 * sees every problem in one pass, not one layer at a time.
 */
import { MIN_END_USER_KEY_LENGTH } from '../signals/end-user-pseudonym.ts';
import { dirname, resolve } from 'node:path';
import { loadKeyFile } from '../auth/key-file.ts';
import type { KeyTable } from '../auth/key-table.ts';
import { INFERENCE_ROUTES, websocketRouteId } from '../dialects/routes.ts';
import { checkPolicy } from '../policy/check-rules.ts';
import { checkDecoys, type DecoyFindings } from '../degrade/check-decoys.ts';
import { checkStore, type StoreSettings } from '../redis/check-store.ts';
import type { ConfigError, SourceLocator } from './config-error.ts';
import { configSchema, type FileConfig } from './schema.ts';

export interface SectionFindings {
  readonly errors: ConfigError[];
  readonly upstreamSecret: string | undefined;
  readonly adminToken: string | undefined;
  /** The decoy naming secret, when a rule injects decoys and the environment holds one. */
  readonly decoySecret: string | undefined;
  /** The end-user pseudonym key, when the environment holds one. */
  readonly endUserSecret: string | undefined;
  /** The loaded key table, when `loadKeys` was asked for and the key file is valid. */
  readonly keys: KeyTable | undefined;
  /** The store section with its secrets, when it is valid. */
  readonly store: StoreSettings | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** `validated` is the whole config when it passed the schema; otherwise sections are parsed alone. */
export async function checkSections(
  file: string,
  raw: unknown,
  validated: FileConfig | undefined,
  locator: SourceLocator,
  env: Env,
  loadKeys: boolean,
): Promise<SectionFindings> {
  const section = <K extends keyof FileConfig>(name: K): FileConfig[K] | undefined => {
    if (validated) return validated[name];
    const value =
      raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[name] : undefined;
    const result = configSchema.shape[name].safeParse(value ?? {});
    return result.success ? (result.data as FileConfig[K]) : undefined;
  };
  const errors: ConfigError[] = [];
  const upstream = section('upstream');
  const upstreamSecret = upstream
    ? checkUpstreamCredential(upstream, locator, env, errors)
    : undefined;
  const decisionLog = section('decision_log');
  const endUserSecret = decisionLog
    ? checkEndUserKey(decisionLog, locator, env, errors)
    : undefined;
  const admin = section('admin');
  const adminToken = admin ? checkAdminToken(admin, locator, env, errors) : undefined;
  const limits = section('limits');
  if (limits && limits.headers_timeout > limits.request_timeout) {
    // Node refuses this combination at server creation; say so here, with the line.
    errors.push(
      locator.error(['limits', 'headers_timeout'], 'must not exceed limits.request_timeout'),
    );
  }
  const accounts = section('accounts');
  if (accounts) checkAccounts(accounts, locator, errors);
  const policy = section('policy');
  let decoys: DecoyFindings | undefined;
  if (policy) {
    const routes = section('routes');
    const known = new Set<string>([...INFERENCE_ROUTES.values()].map((route) => route.id));
    for (const entry of routes?.passthrough ?? []) known.add(`passthrough:${entry.path}`);
    // Upgrades run the rules and spend the limits too (src/upstream/websocket.ts).
    const unmeteredSessions = new Set<string>();
    for (const entry of routes?.websocket ?? []) {
      known.add(websocketRouteId(entry.path));
      if (entry.usage === 'none') unmeteredSessions.add(websocketRouteId(entry.path));
    }
    const tiers = accounts ? new Set(Object.keys(accounts.tiers)) : undefined;
    errors.push(...checkPolicy(policy, { tiers, routes: known, unmeteredSessions }, locator));
    decoys = checkDecoys(policy, locator, env);
    errors.push(...decoys.errors);
  }
  const auth = section('auth');
  const storeSection = section('store');
  const store =
    storeSection && auth
      ? checkStore(storeSection, auth.key_file, locator, env, errors)
      : undefined;
  let keys: KeyTable | undefined;
  if (auth?.key_file !== undefined && loadKeys) {
    const tiers = accounts ? new Set(Object.keys(accounts.tiers)) : undefined;
    const loaded = await loadKeyFile(
      resolve(dirname(resolve(file)), auth.key_file),
      tiers ? { tiers } : {},
    );
    if (loaded.ok) keys = loaded.table;
    else errors.push(...loaded.errors);
  }
  return {
    errors,
    upstreamSecret,
    adminToken,
    decoySecret: decoys?.secret,
    endUserSecret,
    keys,
    store,
  };
}

/** The end-user pseudonym key from the environment: unset is fine (a fallback), short is not. */
function checkEndUserKey(
  section: FileConfig['decision_log'],
  locator: SourceLocator,
  env: Env,
  errors: ConfigError[],
): string | undefined {
  const secret = env[section.end_user_key_env];
  if (secret === undefined || secret === '') return undefined;
  if (secret.length < MIN_END_USER_KEY_LENGTH) {
    errors.push(
      locator.error(
        ['decision_log', 'end_user_key_env'],
        `environment variable ${section.end_user_key_env} must hold at least ${MIN_END_USER_KEY_LENGTH} characters`,
      ),
    );
    return undefined;
  }
  return secret;
}

function checkAccounts(
  accounts: FileConfig['accounts'],
  locator: SourceLocator,
  errors: ConfigError[],
): void {
  const tiers = new Set(Object.keys(accounts.tiers));
  if (!tiers.has(accounts.default_tier)) {
    errors.push(
      locator.error(
        ['accounts', 'default_tier'],
        `tier "${accounts.default_tier}" is not defined under accounts.tiers`,
      ),
    );
  }
  accounts.overrides.forEach((override, index) => {
    const path = ['accounts', 'overrides', index];
    if ((override.account === undefined) === (override.org === undefined)) {
      errors.push(locator.error(path, 'name exactly one of account or org'));
    }
    if (override.tier !== undefined && !tiers.has(override.tier)) {
      errors.push(
        locator.error(
          [...path, 'tier'],
          `tier "${override.tier}" is not defined under accounts.tiers`,
        ),
      );
    }
  });
}

function checkUpstreamCredential(
  upstream: FileConfig['upstream'],
  locator: SourceLocator,
  env: Env,
  errors: ConfigError[],
): string | undefined {
  const credential = upstream.credential;
  if (credential.mode !== 'replace') return undefined;
  if (credential.value_env === undefined) {
    errors.push(locator.error(['upstream', 'credential'], 'mode "replace" needs value_env'));
    return undefined;
  }
  const secret = env[credential.value_env];
  const path = ['upstream', 'credential', 'value_env'];
  if (!secret) {
    errors.push(locator.error(path, `environment variable ${credential.value_env} is not set`));
    return undefined;
  }
  if (!/^[\x21-\x7e]+$/.test(secret)) {
    errors.push(
      locator.error(
        path,
        `environment variable ${credential.value_env} holds characters not allowed in a header`,
      ),
    );
    return undefined;
  }
  return secret;
}

function checkAdminToken(
  admin: FileConfig['admin'],
  locator: SourceLocator,
  env: Env,
  errors: ConfigError[],
): string | undefined {
  if (!admin.enabled) return undefined;
  const token = env[admin.token_env];
  if (!token || token.length < 16) {
    errors.push(
      locator.error(
        ['admin', 'token_env'],
        `environment variable ${admin.token_env} must hold a token of at least 16 characters`,
      ),
    );
    return undefined;
  }
  return token;
}
