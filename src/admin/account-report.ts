/**
 * GET /admin/accounts/:id — everything known about one account, for "why was this account
 * throttled?": its keys (never a key or digest), the account as the pipeline resolves it now
 * (tier, verification, labels, declared use, the override in force), every override behind that
 * (config and runtime), its detection state (score, factors, families, cluster links), what remains
 * in its limit buckets, challenge and remembered-block state, and its recent decisions.
 */
import { resolveAccount, type Account } from '../account/account.ts';
import type { Override } from '../account/overrides.ts';
import type { KeyRecord } from '../auth/key-table.ts';
import type { KeyStore } from '../auth/key-store.ts';
import { isVerified } from '../challenge/challenge-store.ts';
import type { AdminDeps } from './admin-deps.ts';
import { limitState } from './limit-state.ts';
import type { RingEntry, SeenFacts } from './recent-activity.ts';
import type {
  AccountReport,
  ConfigOverrideJson,
  KeyJson,
  ResolvedAccountJson,
} from './report-types.ts';
import { clusterJson, iso, runtimeJson, timelineEntry } from './report-format.ts';

const TIMELINE = 100;

/** The account's report, or undefined when nothing at all is known of it. */
export async function accountReport(
  deps: AdminDeps,
  id: string,
): Promise<AccountReport | undefined> {
  const now = deps.clock.now();
  const config = deps.config();
  const keys = await keysOf(deps.keys(), id);
  const seen = deps.activity.facts(id);
  const org = keys[0]?.org ?? seen?.org ?? undefined;
  const configured = config.accounts.overrides.find(id, org, now);
  const runtime = deps.overrides.list(id, now);
  const risk = deps.detector?.accountView(id, now);
  const challenged = deps.challenges.isChallenged(id, now);
  const blocked = deps.blocks.match(id, undefined, undefined, [], now);
  const timeline = deps.activity.entries((account) => account === id, TIMELINE);
  const known =
    keys.length > 0 ||
    seen !== undefined ||
    risk !== undefined ||
    configured.length > 0 ||
    runtime.length > 0 ||
    challenged ||
    blocked !== undefined;
  if (!known) return undefined;

  const resolved = resolvedAccount(deps, id, keys, seen, now);
  const clusters = risk?.clusters ?? [];
  return {
    account: id,
    generated_at: iso(now),
    resolved: resolved === undefined ? null : accountJson(resolved),
    resolved_from: keys.length > 0 ? 'key_file' : seen === undefined ? null : 'last_request',
    keys: keys.map((key) => keyJson(key, now)),
    overrides: {
      runtime: runtime.map(runtimeJson),
      config: configured.map(overrideJson),
    },
    risk:
      risk === undefined
        ? null
        : {
            score: risk.score.value,
            families: risk.score.families,
            factors: risk.score.factors,
            requests_in_window: risk.requests,
            cluster_share: risk.clusterShare,
            cluster_risk: risk.clusterRisk,
            computed_at: iso(risk.computedAt),
          },
    clusters: clusters.map(clusterJson),
    limits: await limitState(
      config.policy.limits,
      deps.limits,
      {
        account: id,
        keys: keys.map((key) => key.keyId),
        org,
        clusters: clusters.map((c) => c.id),
        tier: resolved?.tier,
      },
      now,
    ),
    challenge: {
      challenged,
      verified: resolved === undefined ? null : isVerified(resolved, config.policy.challenge),
    },
    remembered_block: blocked ?? null,
    timeline: timeline.map(timelineEntry),
    timeline_window: windowOf(timeline, deps.activity.capacity),
  };
}

/** The account as the account stage would resolve it now, from a key or the last request. */
function resolvedAccount(
  deps: AdminDeps,
  id: string,
  keys: readonly KeyRecord[],
  seen: SeenFacts | undefined,
  now: number,
): Account | undefined {
  const config = deps.config();
  const active = keys.find(
    (key) => key.revokedAt === undefined && (key.expiresAt === undefined || key.expiresAt > now),
  );
  const key = active ?? keys[0] ?? (seen === undefined ? undefined : fromSeen(id, seen, config));
  if (key === undefined) return undefined;
  return resolveAccount({ kind: 'api_key', key }, config.accounts, now, deps.overrides);
}

function fromSeen(id: string, seen: SeenFacts, config: ReturnType<AdminDeps['config']>): KeyRecord {
  return {
    keyId: seen.keyId ?? 'unknown',
    account: id,
    org: seen.org ?? undefined,
    tier: seen.tier ?? config.accounts.defaultTier,
    createdAt: undefined,
    expiresAt: undefined,
    revokedAt: undefined,
    verified: seen.verified ?? false,
    labels: seen.labels,
    accountCreatedAt: undefined,
    programme: seen.programme ?? undefined,
    declaredUse: seen.declaredUse ?? undefined,
  };
}

/** Keys by account, indexed once per key set (a reload brings a new KeyStore). */
const indexes = new WeakMap<KeyStore, Promise<Map<string, KeyRecord[]>>>();
/** Records indexed between yields: a million keys never stall the proxy sharing the process. */
const INDEX_CHUNK = 20_000;

export function keysOf(store: KeyStore, account: string): Promise<readonly KeyRecord[]> {
  let index = indexes.get(store);
  if (index === undefined) {
    index = buildIndex(store);
    indexes.set(store, index);
  }
  return index.then((built) => built.get(account) ?? []);
}

async function buildIndex(store: KeyStore): Promise<Map<string, KeyRecord[]>> {
  const index = new Map<string, KeyRecord[]>();
  let count = 0;
  for (const record of store.entries()) {
    const list = index.get(record.account);
    if (list === undefined) index.set(record.account, [record]);
    else list.push(record);
    if (++count % INDEX_CHUNK === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return index;
}

function keyJson(key: KeyRecord, now: number): KeyJson {
  const status =
    key.revokedAt !== undefined && key.revokedAt <= now
      ? 'revoked'
      : key.expiresAt !== undefined && key.expiresAt <= now
        ? 'expired'
        : 'active';
  return {
    key_id: key.keyId,
    status,
    tier: key.tier,
    org: key.org ?? null,
    created_at: iso(key.createdAt),
    expires_at: iso(key.expiresAt),
    revoked_at: iso(key.revokedAt),
  };
}

function accountJson(account: Account): ResolvedAccountJson {
  return {
    org: account.org ?? null,
    tier: account.tier,
    credential: account.credential,
    age_days: account.ageDays ?? null,
    verified: account.verified,
    programme: account.programme ?? null,
    declared_use: account.declaredUse ?? null,
    labels: account.labels,
    override: account.override ?? null,
  };
}

function overrideJson(override: Override): ConfigOverrideJson {
  return {
    scope: override.scope,
    action: override.action ?? null,
    reason: override.reason,
    expires: iso(override.expiresAt),
    labels: override.labels,
    verified: override.verified ?? null,
    programme: override.programme ?? null,
    declared_use: override.declaredUse ?? null,
    tier: override.tier ?? null,
  };
}

function windowOf(
  entries: readonly RingEntry[],
  capacity: number,
): AccountReport['timeline_window'] {
  return { decisions_held: capacity, shown: entries.length };
}
