/**
 * The fast path must never accept what the key-entry schema rejects, and must agree with the
 * schema on everything it accepts. Generated entries mix the canonical form with near misses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastKeyEntry } from '../../../src/auth/fast-key-entry.ts';
import { keyEntry, toKeyEntry } from '../../../src/auth/key-file.ts';

/** Mostly valid values, sometimes a near miss: enough entries reach the fast path to test it. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: invalid, weight: 1 });
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 2 });
const text = (min: number, max: number) => fc.string({ minLength: min, maxLength: max });

const date = mostly(
  fc.oneof(
    fc
      .date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    fc
      .date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString().replace(/\.\d{3}/, '')),
    fc.constant('2024-02-29T12:00:00.5Z'),
  ),
  fc.oneof(
    fc.constantFrom(
      '2026-02-30T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01 00:00:00Z',
      '2026-01-01T00:00:00+02:00',
      '2026-01-01T00:00:60Z',
      'yesterday',
    ),
    fc.integer(),
  ),
);

const entryArbitrary = fc.record(
  {
    id: mostly(
      fc.stringMatching(/^key_[0-9A-Za-z]{4,20}$/),
      fc.oneof(fc.constantFrom('key_', 'key_ab', 'kex_abcd', 'key_abc-d'), fc.integer()),
    ),
    sha256: mostly(
      fc
        .array(fc.constantFrom(...'0123456789abcdef'.split('')), { minLength: 64, maxLength: 64 })
        .map((c) => c.join('')),
      fc.oneof(fc.constant('A'.repeat(64)), fc.constant('a'.repeat(63)), fc.constant(42)),
    ),
    account: mostly(text(1, 256), fc.oneof(fc.constant(''), fc.constant(null), text(257, 260))),
    org: maybe(mostly(text(1, 256), fc.constant(''))),
    tier: maybe(mostly(text(1, 64), text(65, 66))),
    created_at: maybe(date),
    expires_at: maybe(date),
    revoked_at: maybe(date),
    revoke_reason: maybe(mostly(text(0, 512), text(513, 514))),
    verified: maybe(mostly(fc.boolean(), fc.constant('yes'))),
    labels: maybe(
      mostly(
        fc.array(text(1, 64), { maxLength: 32 }),
        fc.oneof(
          fc.array(text(0, 1), { minLength: 33, maxLength: 34 }),
          fc.constant('beta'),
          fc.constant(['']),
        ),
      ),
    ),
    account_created_at: maybe(date),
    programme: maybe(mostly(text(1, 64), fc.constant(''))),
    declared_use: maybe(mostly(text(1, 64), text(65, 66))),
    colour: fc.option(fc.constant('blue'), { nil: undefined, freq: 20 }),
  },
  { requiredKeys: ['id', 'sha256', 'account'] },
);

describe('fastKeyEntry', () => {
  it('never accepts what the schema rejects, and agrees on what it accepts (property)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(entryArbitrary, (raw) => {
        const clean = JSON.parse(JSON.stringify(raw)) as unknown; // as it arrives from a file
        const fast = fastKeyEntry(clean);
        const schema = keyEntry.safeParse(clean);
        if (fast === undefined) return;
        accepted++;
        expect(schema.success).toBe(true);
        if (schema.success) expect(fast).toEqual(toKeyEntry(schema.data));
      }),
      { numRuns: 3_000 },
    );
    // The generator must reach the fast path often enough for the property to mean something.
    expect(accepted).toBeGreaterThan(150);
  });

  it('takes the canonical form the CLI writes', () => {
    const entry = {
      id: 'key_abcd1234',
      sha256: 'a'.repeat(64),
      account: 'acct_1',
      tier: 'free',
      created_at: '2026-11-22T05:00:00.000Z',
    };
    expect(fastKeyEntry(entry)).toMatchObject({
      keyId: 'key_abcd1234',
      tier: 'free',
      createdAt: Date.parse('2026-11-22T05:00:00.000Z'),
    });
  });
});
