/**
 * The account stage: who a request is from, resolved once per request from the authenticated
 * principal (an API key record or a verified token's claims) and the operator's overrides, and
 * handed to detection and policy. Pure: the request time is passed in (account age, expiries).
 *
 * Precedence of overrides, field by field: the admin API's runtime overrides first (the operator's
 * latest, always time-bound word on one account), then the config's account-level entries, then
 * its org-level ones; labels of all of them apply.
 */
import type { TokenIdentity } from '../auth/jwt/jwt-verifier.ts';
import type { KeyRecord } from '../auth/key-table.ts';
import type { CompiledOverrides, Override } from './overrides.ts';
import type { OverrideStore } from './override-store.ts';

export type Principal =
  | { readonly kind: 'api_key'; readonly key: KeyRecord }
  | { readonly kind: 'jwt'; readonly identity: TokenIdentity };

export interface Account {
  readonly id: string;
  readonly org: string | undefined;
  readonly tier: string;
  readonly credential: 'api_key' | 'jwt';
  /** The API key id, or `jwt:<issuer>` for tokens (logged as key_id; never a secret). */
  readonly keyId: string;
  /** Account creation, ms since epoch (for tokens from a claim; for keys from the key file). */
  readonly createdAt: number | undefined;
  /** Whole days since creation at request time. */
  readonly ageDays: number | undefined;
  readonly verified: boolean;
  /** Onboarding programme (education, research, startup…). */
  readonly programme: string | undefined;
  readonly labels: readonly string[];
  /** Declared use (eval, batch…). */
  readonly declaredUse: string | undefined;
  /** The allow/deny override in force, with its reason (account-level wins over org-level). */
  readonly override:
    | {
        readonly action: 'allow' | 'deny';
        readonly reason: string;
        readonly scope: 'account' | 'org';
      }
    | undefined;
  /**
   * The handle of the key record it was resolved from (key-table.ts), when its store gives one:
   * the detector's hint to the account's state (account-hints.ts). Not part of the account's
   * identity: two keys of one account have two handles.
   */
  readonly handle?: number | undefined;
}

export interface AccountSettings {
  readonly defaultTier: string;
  readonly tiers: ReadonlySet<string>;
  readonly overrides: CompiledOverrides;
}

const DAY_MS = 86_400_000;

const NO_OVERRIDES: readonly Override[] = Object.freeze([]);

export function resolveAccount(
  principal: Principal,
  settings: AccountSettings,
  now: number,
  runtime?: Pick<OverrideStore, 'size' | 'find'>,
): Account {
  const base =
    principal.kind === 'api_key' ? fromKey(principal.key) : fromToken(principal.identity, settings);
  const configured =
    settings.overrides.size === 0 ? NO_OVERRIDES : settings.overrides.find(base.id, base.org, now);
  const own =
    runtime === undefined || runtime.size === 0 ? NO_OVERRIDES : runtime.find(base.id, now);
  const overrides =
    own.length === 0 ? configured : configured.length === 0 ? own : [...own, ...configured];
  return overrides.length === 0
    ? finish(base, now)
    : finish(applyOverrides(base, overrides, settings), now);
}

type Base = Omit<Account, 'ageDays'>;

/**
 * An account as logged, with the overrides `settings` has in force at `now` applied over it: how
 * a backtest asks what a candidate config's overrides would have made of a logged request.
 */
export function withOverrides(account: Account, settings: AccountSettings, now: number): Account {
  const overrides =
    settings.overrides.size === 0 ? [] : settings.overrides.find(account.id, account.org, now);
  if (overrides.length === 0) return account;
  return { ...applyOverrides(account, overrides, settings), ageDays: account.ageDays };
}

function fromKey(key: KeyRecord): Base {
  return {
    id: key.account,
    org: key.org,
    tier: key.tier,
    credential: 'api_key',
    keyId: key.keyId,
    createdAt: key.accountCreatedAt,
    verified: key.verified,
    programme: key.programme,
    labels: key.labels,
    declaredUse: key.declaredUse,
    override: undefined,
    handle: key.handle,
  };
}

function fromToken(identity: TokenIdentity, settings: AccountSettings): Base {
  // A tier claim naming no configured tier falls back to the default: tokens are not ours to fix.
  const tier =
    identity.tier !== undefined && settings.tiers.has(identity.tier)
      ? identity.tier
      : settings.defaultTier;
  return {
    id: identity.account,
    org: identity.org,
    tier,
    credential: 'jwt',
    keyId: `jwt:${identity.issuer}`,
    createdAt: identity.accountCreatedAt,
    verified: identity.verified,
    programme: identity.programme,
    labels: identity.labels,
    declaredUse: identity.declaredUse,
    override: undefined,
    handle: undefined,
  };
}

/** Overrides come most specific first: the first one that sets a field wins it. */
function applyOverrides(
  base: Base,
  overrides: readonly Override[],
  settings: AccountSettings,
): Base {
  const first = <K extends keyof Override>(field: K): Override[K] | undefined =>
    overrides.find((override) => override[field] !== undefined)?.[field];
  const decisive = overrides.find((override) => override.action !== undefined);
  const tier = first('tier');
  const labels = new Set(base.labels);
  for (const override of overrides) for (const label of override.labels) labels.add(label);
  return {
    ...base,
    tier: tier !== undefined && settings.tiers.has(tier) ? tier : base.tier,
    verified: first('verified') ?? base.verified,
    programme: first('programme') ?? base.programme,
    declaredUse: first('declaredUse') ?? base.declaredUse,
    labels: labels.size === base.labels.length ? base.labels : [...labels],
    override:
      decisive?.action === undefined
        ? undefined
        : { action: decisive.action, reason: decisive.reason, scope: decisive.scope },
  };
}

function finish(base: Base, now: number): Account {
  return {
    ...base,
    ageDays:
      base.createdAt === undefined
        ? undefined
        : Math.max(0, Math.floor((now - base.createdAt) / DAY_MS)),
  };
}
