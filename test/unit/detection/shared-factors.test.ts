/**
 * Factors are shared by value (family-scores.ts SharedFactors): an account keeps the factors of its
 * last computation, and one object per (signal, value, contribution) serves every account that has
 * it, so an account's state stays nearly the same size whichever families fire. Sharing must never
 * change a factor's fields, two different factors must never share an object, and values a key
 * cannot hold exactly get objects of their own.
 */
import { describe, expect, it } from 'vitest';
import { FAMILY_INDEX } from '../../../src/detection/family-names.ts';
import { FamilyScores, SharedFactors } from '../../../src/detection/family-scores.ts';
import { FAMILIES } from '../../../src/detection/detection-schema.ts';

const WEIGHTS = new Float64Array(FAMILIES.length).fill(0.5);

describe('SharedFactors', () => {
  it('hands out one object for equal factors and distinct ones for different factors', () => {
    const shared = new SharedFactors();
    const a = shared.of('elicitation.share', 0.667, 0.35);
    expect(shared.of('elicitation.share', 0.667, 0.35)).toBe(a);
    expect(a).toEqual({ signal: 'elicitation.share', value: 0.667, contribution: 0.35 });
    const others = [
      shared.of('grading.share', 0.667, 0.35),
      shared.of('elicitation.share', 0.668, 0.35),
      shared.of('elicitation.share', 0.667, 0.351),
    ];
    for (const other of others) expect(other).not.toBe(a);
    expect(others.map((f) => [f.signal, f.value, f.contribution])).toEqual([
      ['grading.share', 0.667, 0.35],
      ['elicitation.share', 0.668, 0.35],
      ['elicitation.share', 0.667, 0.351],
    ]);
    expect(shared.size).toBe(4);
  });

  it('never gives two different factors one object, at the edges of every part of its key', () => {
    const shared = new SharedFactors();
    // Many signals (ids up to 127 share; later ones get objects of their own), values up to the
    // key's 2^36 thousandths, contributions 0 and 1: neighbours in each part of the key.
    const signals = Array.from({ length: 130 }, (_, k) => `signal.${k}`);
    const values = [0, 0.001, 1, 1.001, 2 ** 36 / 1000 - 0.001];
    const contributions = [0, 0.001, 0.999, 1];
    const seen = new Map<object, string>();
    for (const signal of signals)
      for (const value of values)
        for (const contribution of contributions) {
          const factor = shared.of(signal, value, contribution);
          expect(factor).toEqual({ signal, value, contribution });
          const triple = `${signal} ${value} ${contribution}`;
          expect(seen.get(factor) ?? triple, triple).toBe(triple);
          seen.set(factor, triple);
        }
    // And each is shared when asked again (those within the key's reach).
    expect(shared.of('signal.127', 1, 1)).toBe(shared.of('signal.127', 1, 1));
    expect(shared.of('signal.128', 1, 1)).not.toBe(shared.of('signal.128', 1, 1));
  });

  it('gives a value no key holds exactly an object of its own, with the fields as given', () => {
    const shared = new SharedFactors();
    for (const [value, contribution] of [
      [-1, 0.2], // negative
      [0.0001, 0.2], // finer than thousandths
      [2 ** 36 / 1000, 0.2], // beyond the key's range
      [3, 1.5], // contribution above 1
      [3, 0.0004],
    ] as const) {
      const first = shared.of('volume.request_rate', value, contribution);
      const second = shared.of('volume.request_rate', value, contribution);
      expect(second).not.toBe(first);
      expect(second).toEqual({ signal: 'volume.request_rate', value, contribution });
    }
    expect(shared.size).toBe(0);
  });

  it('stays within its bound, correct past it, and shares again after starting afresh', () => {
    const shared = new SharedFactors(100);
    const before = shared.of('templates.top_share', 0.5, 0.25);
    for (let k = 0; k < 250; k++) {
      const factor = shared.of('volume.output_token_rate', k / 1000, 0.1);
      expect(factor.value).toBe(k / 1000);
      expect(shared.size).toBeLessThanOrEqual(100);
    }
    const after = shared.of('templates.top_share', 0.5, 0.25);
    expect(after).not.toBe(before); // the table started afresh since
    expect(after).toEqual(before);
    expect(shared.of('templates.top_share', 0.5, 0.25)).toBe(after);
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

  it("makes no factor when only the activations are wanted (a cluster's pooled risk)", () => {
    const scores = new FamilyScores();
    scores.reset(WEIGHTS, false);
    scores.add('grading', 'grading.share', 0.5, 0.6);
    expect(scores.factors).toEqual([]);
    expect(scores.activation[FAMILY_INDEX.grading]).toBe(0.6);
    expect(scores.shared.size).toBe(0);
    scores.reset(WEIGHTS);
    scores.add('grading', 'grading.share', 0.5, 0.6);
    expect(scores.factors).toEqual([{ signal: 'grading.share', value: 0.5, contribution: 0.3 }]);
  });
});
