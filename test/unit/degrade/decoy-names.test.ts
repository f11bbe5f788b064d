import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  createDecoyNamer,
  decoyKey,
  deriveDecoys,
  periodOf,
} from '../../../src/degrade/decoy-names.ts';

const SECRET = 'decoy-secret-for-unit-tests-0123456789';
const WEEK = 7 * 24 * 3_600_000;
const NAME = /^[a-z]+_[a-z]+_[a-z0-9]{4}$/;

describe('decoy names', () => {
  const key = decoyKey(SECRET);

  it('are plausible tool definitions, stable per account and period', () => {
    const [first, second] = deriveDecoys(key, 'acct_a', 100, 2);
    expect(first?.name).toMatch(NAME);
    expect(second?.name).toMatch(NAME);
    expect(first?.name).not.toBe(second?.name);
    expect(first?.description).toMatch(/^[A-Z][a-z]+ a [a-z]+ in the [a-z ]+ by its identifier/);
    expect(first?.parameters).toMatchObject({ type: 'object', required: [expect.any(String)] });
    expect(deriveDecoys(key, 'acct_a', 100, 2)).toEqual([first, second]);
    // The first k of n decoys are the k decoys: a rule asking for fewer gets a prefix.
    expect(deriveDecoys(key, 'acct_a', 100, 1)).toEqual([first]);
  });

  it('differ by account, period and secret', () => {
    const names = (account: string, period: number, k = key) =>
      deriveDecoys(k, account, period, 2).map((tool) => tool.name);
    expect(names('acct_b', 100)).not.toEqual(names('acct_a', 100));
    expect(names('acct_a', 101)).not.toEqual(names('acct_a', 100));
    expect(names('acct_a', 100, decoyKey(`${SECRET}x`))).not.toEqual(names('acct_a', 100));
  });

  it('are specific enough to attribute: 10,000 accounts, no two share a name', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5_000; i++)
      for (const tool of deriveDecoys(key, `acct_${i}`, 7, 2)) seen.add(tool.name);
    expect(seen.size).toBe(10_000);
  });

  it('rotate with the period', () => {
    const namer = createDecoyNamer(SECRET, WEEK, 2);
    const at = 1_800_000_000_000;
    const period = periodOf(at, WEEK);
    expect(namer.tools('acct_a', at)).toEqual(deriveDecoys(key, 'acct_a', period, 2));
    expect(namer.tools('acct_a', at)).toBe(namer.tools('acct_a', at + 1)); // cached
    expect(namer.tools('acct_a', at + WEEK)).toEqual(deriveDecoys(key, 'acct_a', period + 1, 2));
  });

  it('never show the secret', () => {
    const namer = createDecoyNamer(SECRET, WEEK, 2);
    expect(inspect(namer, { depth: 10, showHidden: true })).not.toContain(SECRET);
    expect(JSON.stringify(namer)).not.toContain(SECRET);
    expect(inspect(key, { showHidden: true })).not.toContain(SECRET);
  });
});
