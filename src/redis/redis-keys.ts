/**
 * Every Redis key and channel distillguard uses, in one place (the README's state table mirrors
 * it). Keys that one script touches together share a hash tag — `{…}` — so that in Redis Cluster
 * they live in one slot and the script never fails with CROSSSLOT:
 *
 *   <p>:l:{<scope>}:<limit>:<r|i|o>   limit bucket (TAT, string, TTL = until rested)
 *   <p>:l:{<scope>}:<limit>:s         stream slots (sorted set of leases, TTL = slot_ttl)
 *   <p>:l:{<scope>}:rc:<id>           reconciliation marker (string, TTL 10 min)
 *   <p>:{k}:keys | :ver | :log        API keys (hash), version, change log (stream, capped)
 *   <p>:{b}:blocks | :ver             remembered blocks (sorted set by expiry), version
 *   <p>:{c}:challenges | :ver         challenges (sorted set by expiry), version
 *   <p>:{o}:a:<account tag>           an account's runtime override and labels (hash, TTL = the
 *                                     later of their expiries; removals kept as tombstones)
 *   <p>:{o}:index | :ver              accounts with runtime entries (sorted set by expiry), version
 *   <p>:t:{<account tag>}:<digest>    a withheld thinking block (string, TTL = the vault's ttl;
 *                                     an account's share a slot: one MGET restores a request's)
 *   <p>:d<layout>:{<fingerprint>}     cluster evidence (hash: replica → window, TTL 2 windows;
 *                                     layout = window-state.ts WINDOW_LAYOUT, so that replicas
 *                                     on different layouts ignore each other's windows)
 *   <p>:{d}:active                    clusters with evidence (sorted set by last push, capped)
 *   <p>:events                        the change channel (pub/sub)
 *
 * Nothing secret or prompt-derived is ever part of a key: scopes are account, org and key ids,
 * cluster ids (fingerprint hashes) and IP prefixes.
 */
import { hash } from 'node:crypto';
import { WINDOW_LAYOUT } from '../detection/window-state.ts';

/** A scope value usable inside a hash tag: as is when short and plain, else a digest of it. */
export function tagOf(value: string): string {
  return PLAIN.test(value) ? value : `~${hash('sha256', value, 'hex').slice(0, 32)}`;
}

const PLAIN = /^[A-Za-z0-9_.:@/+-]{1,128}$/;

export interface Keyspace {
  readonly prefix: string;
  readonly channel: string;
  /**
   * The Redis key of a limit bucket or slot set named the way limit-scopes.ts names it (bucketKey)
   * (`<limit>\0<scope>\0<r|i|o|s>`).
   */
  limit(local: string): string;
  /** The hash tag of that key: a request's keys with one tag go in one script call. */
  limitTag(local: string): string;
  /** A reconciliation marker in the same slot as the bucket `local`. */
  reconcile(local: string, id: string): string;
  readonly keys: { readonly hash: string; readonly version: string; readonly log: string };
  readonly blocks: { readonly set: string; readonly version: string };
  readonly challenges: { readonly set: string; readonly version: string };
  readonly overrides: {
    /** Every account's hash is `base` + the account's tag (the scripts derive it the same way). */
    readonly base: string;
    readonly index: string;
    readonly version: string;
  };
  /**
   * A withheld thinking block, by the account it was issued to and its stand-in token (hashed:
   * the key never holds the token).
   */
  thinking(account: string, token: string): string;
  evidence(fingerprint: string): string;
  readonly activeClusters: string;
}

export function createKeyspace(prefix: string): Keyspace {
  return {
    prefix,
    channel: `${prefix}:events`,
    limit: (local) => {
      const { limitId, scope, kind } = splitLimitKey(local);
      return `${prefix}:l:{${tagOf(scope)}}:${limitId}:${kind}`;
    },
    limitTag: (local) => tagOf(splitLimitKey(local).scope),
    reconcile: (local, id) => `${prefix}:l:{${tagOf(splitLimitKey(local).scope)}}:rc:${id}`,
    keys: { hash: `${prefix}:{k}:keys`, version: `${prefix}:{k}:ver`, log: `${prefix}:{k}:log` },
    blocks: { set: `${prefix}:{b}:blocks`, version: `${prefix}:{b}:ver` },
    challenges: { set: `${prefix}:{c}:challenges`, version: `${prefix}:{c}:ver` },
    overrides: {
      base: `${prefix}:{o}:a:`,
      index: `${prefix}:{o}:index`,
      version: `${prefix}:{o}:ver`,
    },
    thinking: (account, token) =>
      `${prefix}:t:{${tagOf(account)}}:${hash('sha256', token, 'base64url').slice(0, 32)}`,
    evidence: (fingerprint) => `${prefix}:d${WINDOW_LAYOUT}:{${fingerprint}}`,
    activeClusters: `${prefix}:{d}:active`,
  };
}

function splitLimitKey(local: string): { limitId: string; scope: string; kind: string } {
  const first = local.indexOf('\u0000');
  const last = local.lastIndexOf('\u0000');
  if (first <= 0 || last <= first) throw new Error('not a limit key');
  return {
    limitId: local.slice(0, first),
    scope: local.slice(first + 1, last),
    kind: local.slice(last + 1),
  };
}
