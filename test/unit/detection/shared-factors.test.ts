/**
 * Factors are shared by value (families.ts factorOf): an account keeps the factors of its last
 * computation, and one object per (signal, value, contribution) serves every account that has it,
 * so an account's state stays nearly the same size whichever families fire. Sharing must never
 * change a factor's fields, and values a key cannot hold exactly get objects of their own.
 */
import { describe, expect, it } from 'vitest';
import { factorOf, FAMILY_INDEX, FamilyScores } from '../../../src/detection/families.ts';
import { FAMILIES } from '../../../src/detection/detection-schema.ts';

const WEIGHTS = new Float64Array(FAMILIES.length).fill(0.5);

describe('factorOf', () => {
  it('hands out one object for equal factors and distinct ones for different factors', () => {
    const a = factorOf('elicitation.share', 0.667, 0.35);
    expect(factorOf('elicitation.share', 0.667, 0.35)).toBe(a);
    expect(a).toEqual({ signal: 'elicitation.share', value: 0.667, contribution: 0.35 });
    const others = [
      factorOf('grading.share', 0.667, 0.35),
      factorOf('elicitation.share', 0.668, 0.35),
      factorOf('elicitation.share', 0.667, 0.351),
    ];
    for (const other of others) expect(other).not.toBe(a);
    expect(others.map((f) => [f.signal, f.value, f.contribution])).toEqual([
      ['grading.share', 0.667, 0.35],
      ['elicitation.share', 0.668, 0.35],
      ['elicitation.share', 0.667, 0.351],
    ]);
  });

  it('gives a value no key holds exactly an object of its own, with the fields as given', () => {
    for (const [value, contribution] of [
      [-1, 0.2], // negative
      [0.0001, 0.2], // finer than thousandths
      [2 ** 40, 0.2], // beyond the key's range
      [3, 1.5], // contribution above 1
      [3, 0.0004],
    ] as const) {
      const first = factorOf('volume.request_rate', value, contribution);
      const second = factorOf('volume.request_rate', value, contribution);
      expect(second).not.toBe(first);
      expect(second).toEqual({ signal: 'volume.request_rate', value, contribution });
    }
  });

  it('stays correct past its bound and shares again after starting afresh', () => {
    const before = factorOf('templates.top_share', 0.5, 0.25);
    // More distinct factors than the table holds (16,384): it starts afresh at least once.
    for (let k = 0; k < 20_000; k++) {
      const factor = factorOf('volume.output_token_rate', k / 1000, 0.1);
      expect(factor.value).toBe(k / 1000);
    }
    const after = factorOf('templates.top_share', 0.5, 0.25);
    expect(after).toEqual(before);
    expect(factorOf('templates.top_share', 0.5, 0.25)).toBe(after);
  });
});

describe('FamilyScores', () => {
  it('shares the factors of two computations with equal values, rounded as logged', () => {
    const scores = new FamilyScores();
    scores.reset(WEIGHTS);
    scores.add('elicitation', 'elicitation.share', 2 / 3, 0.8);
    const first = scores.factors;
    scores.reset(WEIGHTS);
    scores.add('elicitation', 'elicitation.share', 2 / 3, 0.8);
    expect(scores.factors).not.toBe(first);
    expect(scores.factors[0]).toBe(first[0]);
    expect(first[0]).toEqual({ signal: 'elicitation.share', value: 0.667, contribution: 0.4 });
    expect(scores.activation[FAMILY_INDEX.elicitation]).toBe(0.8);
  });
});
