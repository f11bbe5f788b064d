/**
 * The account stage: who a request is from, resolved once per request and handed to detection and
 * policy. In this release an account is what its key maps to (account, org, tier); later
 * releases add age, verification, programme and labels from an account store.
 */
import type { KeyRecord } from '../auth/key-file.ts';

export interface Account {
  readonly id: string;
  readonly org: string | undefined;
  readonly tier: string;
  readonly keyId: string;
}

/** Resolves the account of an authenticated key. Pure; costs one small allocation. */
export function resolveAccount(key: KeyRecord): Account {
  return { id: key.account, org: key.org, tier: key.tier, keyId: key.keyId };
}
