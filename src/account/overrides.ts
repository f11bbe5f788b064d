/**
 * Operator overrides, compiled for the account stage: O(1) lookup by account and by org, with
 * expiry checked against the request time (pure: `now` is passed in). An account-level override
 * wins over an org-level one field by field; labels of both apply.
 */
import type { OverrideConfig } from './accounts-schema.ts';

export interface Override {
  readonly scope: 'account' | 'org';
  readonly action: 'allow' | 'deny' | undefined;
  readonly reason: string;
  /** ms since epoch, or undefined for no expiry. */
  readonly expiresAt: number | undefined;
  readonly labels: readonly string[];
  readonly verified: boolean | undefined;
  readonly programme: string | undefined;
  readonly declaredUse: string | undefined;
  readonly tier: string | undefined;
}

export interface CompiledOverrides {
  readonly size: number;
  /** The overrides in force for an account (account-level first), or none. */
  find(account: string, org: string | undefined, now: number): readonly Override[];
}

const NONE: readonly Override[] = Object.freeze([]);

export function compileOverrides(entries: readonly OverrideConfig[]): CompiledOverrides {
  const byAccount = new Map<string, Override[]>();
  const byOrg = new Map<string, Override[]>();
  for (const entry of entries) {
    const scope = entry.account !== undefined ? 'account' : 'org';
    const key = entry.account ?? entry.org ?? '';
    const target = scope === 'account' ? byAccount : byOrg;
    const list = target.get(key) ?? [];
    list.push(
      Object.freeze({
        scope,
        action: entry.action,
        reason: entry.reason,
        expiresAt: entry.expires === undefined ? undefined : Date.parse(entry.expires),
        labels: Object.freeze([...entry.labels]),
        verified: entry.verified,
        programme: entry.programme,
        declaredUse: entry.declared_use,
        tier: entry.tier,
      }),
    );
    target.set(key, list);
  }
  return {
    size: entries.length,
    find(account, org, now) {
      const own = byAccount.get(account);
      const inherited = org === undefined ? undefined : byOrg.get(org);
      if (!own && !inherited) return NONE;
      // Later entries in the file win within a scope: list them first.
      return [...(own ?? []).toReversed(), ...(inherited ?? []).toReversed()].filter(
        (override) => override.expiresAt === undefined || override.expiresAt > now,
      );
    },
  };
}
