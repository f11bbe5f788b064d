import { describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey } from '../../../src/auth/api-key.ts';
import { authenticate } from '../../../src/auth/authenticate.ts';
import type { KeyRecord } from '../../../src/auth/key-file.ts';
import type { HeaderInspection } from '../../../src/upstream/header-hygiene.ts';

const key = generateApiKey();
const record: KeyRecord = {
  keyId: 'key_a',
  account: 'acct_a',
  org: 'org_a',
  tier: 'standard',
  createdAt: undefined,
};
const registry = new Map([[hashApiKey(key), record]]);
const headers = (credential: string | undefined, unsupportedScheme = false): HeaderInspection => ({
  credential,
  unsupportedScheme,
  anthropicVersion: false,
  connectionTokens: [],
  xForwardedFor: undefined,
  lowerNames: [],
});

describe('authenticate', () => {
  it('resolves a known key to its record', () => {
    expect(authenticate(headers(key), registry)).toEqual({ ok: true, key: record });
  });

  it('names each failure for the log', () => {
    expect(authenticate(headers(undefined), registry)).toEqual({
      ok: false,
      failure: 'missing_credential',
    });
    expect(authenticate(headers(undefined, true), registry)).toEqual({
      ok: false,
      failure: 'unsupported_scheme',
    });
    expect(authenticate(headers('sk-foreign-key'), registry)).toEqual({
      ok: false,
      failure: 'malformed_key',
    });
    expect(authenticate(headers(generateApiKey()), registry)).toEqual({
      ok: false,
      failure: 'unknown_key',
    });
  });
});
