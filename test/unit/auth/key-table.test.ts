import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digestApiKey, generateApiKey } from '../../../src/auth/api-key.ts';
import { KeyTable, type KeyEntry } from '../../../src/auth/key-table.ts';

function entry(i: number, overrides: Partial<KeyEntry> = {}): KeyEntry {
  return {
    digest: digestApiKey(`key-${i}`),
    keyId: `key_id${i}`,
    account: `acct_${i}`,
    org: i % 3 === 0 ? undefined : `org_${i % 7}`,
    tier: i % 2 === 0 ? 'free' : 'standard',
    createdAt: 1_700_000_000_000 + i * 1000,
    expiresAt: i % 5 === 0 ? 1_800_000_000_000 : undefined,
    revokedAt: undefined,
    verified: i % 4 === 0,
    labels: i % 6 === 0 ? ['beta', 'eval'] : [],
    accountCreatedAt: i % 2 === 0 ? 1_600_000_000_000 : undefined,
    programme: i % 10 === 0 ? 'research' : undefined,
    declaredUse: i % 9 === 0 ? 'batch' : undefined,
    ...overrides,
  };
}

const recordOf = ({ digest: _digest, ...record }: KeyEntry) => record;

describe('KeyTable', () => {
  it('returns exactly what was added, by digest and by id, across growth', () => {
    const table = new KeyTable(4);
    const entries = Array.from({ length: 5_000 }, (_, i) => entry(i));
    for (const e of entries) expect(table.add(e)).toBeUndefined();
    expect(table.size).toBe(5_000);
    // Each record carries its index as its handle (the detector's hint, account-hints.ts).
    entries.forEach((e, i) => {
      expect(table.lookup(e.digest)).toEqual({ ...recordOf(e), handle: i });
      expect(table.byId(e.keyId)).toEqual({ ...recordOf(e), handle: i });
    });
    expect(table.lookup(digestApiKey('absent'))).toBeUndefined();
    expect(table.byId('key_absent')).toBeUndefined();
    expect([...table.entries()].map((r) => r.keyId)).toEqual(entries.map((e) => e.keyId));
  });

  it('refuses duplicate digests and ids', () => {
    const table = new KeyTable();
    expect(table.add(entry(1))).toBeUndefined();
    expect(table.add(entry(1, { keyId: 'key_other' }))).toBe('duplicate_digest');
    expect(table.add(entry(2, { keyId: 'key_id1' }))).toBe('duplicate_id');
    expect(table.size).toBe(1);
  });

  it('revokes in memory', () => {
    const table = new KeyTable();
    table.add(entry(1));
    expect(table.revoke('key_id1', 42_000)).toBe(true);
    expect(table.revoke('key_nope', 42)).toBe(false);
    expect(table.lookup(entry(1).digest)?.revokedAt).toBe(42_000);
  });

  it('round-trips arbitrary UTF-8 accounts, orgs and labels (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            account: fc.string({ minLength: 1, maxLength: 30 }),
            org: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
            labels: fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 3 }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        (rows) => {
          const table = new KeyTable(2);
          rows.forEach((row, i) => table.add(entry(i, row)));
          rows.forEach((row, i) => {
            const found = table.byId(`key_id${i}`);
            expect(found).toMatchObject({ account: row.account, org: row.org, labels: row.labels });
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('finds real keys by their SHA-256 digest', () => {
    const table = new KeyTable();
    const key = generateApiKey();
    table.add(entry(1, { digest: digestApiKey(key) }));
    expect(table.lookup(digestApiKey(key))?.account).toBe('acct_1');
  });
});
