/**
 * Review filters: the exact check on parsed records, and the byte prefilter, which may let
 * through more lines but never drops one the exact check keeps (property, over serialized lines
 * and filters drawn from the same small vocabulary so that they often match).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../../src/decision-log/record.ts';
import { serializeDecisionRecord } from '../../../src/decision-log/serialize-record.ts';
import {
  linePrefilter,
  matchesFilter,
  type ReviewFilter,
} from '../../../src/review/review-filter.ts';
import { decisionRecord, loggedRecord } from '../../helpers/record-arbitrary.ts';

const accounts = ['acct_a', 'acct_ab', 'acct_"q"', 'acct_é'];
const clusters = ['cl_1', 'cl_12'];
const rules = ['risk-block', 'risk-observe', 'verified-cap'];
const actions = ['allow', 'observe', 'block', 'throttle'] as const;
const DAY = Date.parse('2026-12-01T00:00:00.000Z');

const recordArb: fc.Arbitrary<DecisionRecord> = fc
  .record({
    account: fc.constantFrom(...accounts, null),
    cluster: fc.constantFrom(...clusters, null),
    rule: fc.constantFrom(...rules, null),
    shadowRule: fc.constantFrom(...rules, null),
    action: fc.constantFrom(...actions),
    at: fc.integer({ min: 0, max: 86_400_000 }),
  })
  .map((r) =>
    decisionRecord({
      account: r.account,
      ts: new Date(DAY + r.at).toISOString(),
      action: r.action,
      rule: r.rule,
      shadow: r.shadowRule === null ? null : { action: 'block', rule: r.shadowRule, reason: 'x' },
      cluster:
        r.cluster === null
          ? null
          : {
              id: r.cluster,
              link: 'skeleton',
              accounts: 3,
              risk: 0.5,
              flagged: false,
              specific: true,
            },
    }),
  );

const filterArb: fc.Arbitrary<ReviewFilter> = fc.record(
  {
    account: fc.constantFrom(...accounts),
    cluster: fc.constantFrom(...clusters),
    rule: fc.constantFrom(...rules),
    actions: fc.subarray([...actions], { minLength: 1 }),
    since: fc.integer({ min: 0, max: 86_400_000 }).map((ms) => DAY + ms),
    until: fc.integer({ min: 0, max: 86_400_000 }).map((ms) => DAY + ms),
  },
  { requiredKeys: [] },
);

describe('review filters', () => {
  it('the prefilter never drops a line the exact filter keeps (property)', () => {
    fc.assert(
      fc.property(recordArb, filterArb, (record, filter) => {
        const line = Buffer.from(`xx\n${serializeDecisionRecord(record)}\n`);
        const prefilter = linePrefilter(filter);
        const exact = matchesFilter(filter, loggedRecord(record));
        const passes = prefilter === undefined || prefilter(line, 3, line.length - 1);
        if (exact) expect(passes).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('the prefilter drops lines of other accounts and times, prefixes included', () => {
    const prefilter = linePrefilter({ account: 'acct_a', since: DAY + 1000 });
    const test = (record: DecisionRecord): boolean => {
      const line = Buffer.from(serializeDecisionRecord(record));
      return prefilter?.(line, 0, line.length) ?? true;
    };
    expect(
      test(decisionRecord({ account: 'acct_a', ts: new Date(DAY + 1000).toISOString() })),
    ).toBe(true);
    expect(
      test(decisionRecord({ account: 'acct_ab', ts: new Date(DAY + 5000).toISOString() })),
    ).toBe(false);
    expect(test(decisionRecord({ account: 'acct_a', ts: new Date(DAY + 999).toISOString() }))).toBe(
      false,
    );
  });

  it('matches a rule as the deciding rule or the shadowed one, and actions as enforced', () => {
    const shadowed = loggedRecord({
      rule: null,
      shadow: { action: 'block', rule: 'r1', reason: 'x' },
    });
    expect(matchesFilter({ rule: 'r1' }, shadowed)).toBe(true);
    expect(matchesFilter({ actions: ['block'] }, shadowed)).toBe(false);
    expect(matchesFilter({ actions: ['allow', 'block'] }, shadowed)).toBe(true);
    expect(matchesFilter({ until: Date.parse(shadowed.ts) }, shadowed)).toBe(false);
  });
});
