import { describe, expect, it } from 'vitest';
import { LINK_END_USER, LINK_SPECIFIC, RiskyLinks } from '../../../src/detection/risky-links.ts';
import { fingerprint, fmix } from '../../../src/signals/hash.ts';
import { PRINT } from '../../../src/signals/request-signals.ts';

const key = (n: number): number => fingerprint(PRINT.skeleton, fmix(n + 1));
/** Keys that all start probing at the same slot of a 64-slot table (one probe run). */
function colliding(count: number): number[] {
  const home = (k: number): number => (k ^ (k / 4_294_967_296)) & 63;
  const keys: number[] = [];
  for (let n = 0; keys.length < count; n++) if (home(key(n)) === home(key(0))) keys.push(key(n));
  return keys;
}

describe('RiskyLinks', () => {
  it('answers what a link reads: cluster id, risk held up by the flag, and its kind', () => {
    const links = new RiskyLinks(100);
    links.set(key(1), 7, 0.3, 0.9, 2_000, LINK_SPECIFIC, 0);
    links.set(key(2), 8, 0.5, 0, 0, LINK_END_USER, 0);
    const a = links.find(key(1));
    const b = links.find(key(2));
    expect(links.find(key(3))).toBe(-1);
    expect(links.clusterId(a)).toBe(7);
    expect(links.linkRisk(a, 1_999)).toBe(0.9);
    expect(links.linkRisk(a, 2_000)).toBe(0.3); // the flag has lapsed
    expect(links.specificFlagged(a, 1_999)).toBe(true);
    expect(links.specificFlagged(a, 2_000)).toBe(false);
    expect(links.endUser(a)).toBe(false);
    expect(links.clusterId(b)).toBe(8);
    expect(links.linkRisk(b, 0)).toBe(0.5);
    expect(links.specificFlagged(b, 0)).toBe(false);
    expect(links.endUser(b)).toBe(true);
  });

  it('tells what reaches an account of the org whose cohort the cluster is, all to others', () => {
    const links = new RiskyLinks(100);
    const campus = 0xfedc_ba98; // an org's 32-bit hash
    links.set(key(1), 7, 0.9, 0, 0, 0, 40, campus, 0.625);
    links.set(key(2), 8, 0.9, 0, 0, 0, 40);
    const a = links.find(key(1));
    expect(links.outsideOrg(a, campus)).toBe(0.375);
    expect(links.outsideOrg(a, campus ^ 1)).toBe(1); // another org
    expect(links.outsideOrg(a, 0)).toBe(1); // in no org
    expect(links.outsideOrg(links.find(key(2)), campus)).toBe(1); // no top org
    // Kept whole when a removal shifts the entry along its probe run.
    const keys = colliding(3);
    for (const [n, k] of keys.entries()) links.set(k, 20 + n, 0.5, 0, 0, 0, 3, campus, n / 10);
    links.delete(keys[0] ?? 0);
    expect(links.outsideOrg(links.find(keys[2] ?? 0), campus)).toBe(0.8);
    expect(links.clusterId(links.find(keys[2] ?? 0))).toBe(22);
  });

  it('overwrites an entry in place when its cluster is rescored', () => {
    const links = new RiskyLinks(100);
    links.set(key(1), 7, 0.3, 0, 0, 0, 0);
    links.set(key(1), 7, 0.6, 0.6, 5_000, 0, 0);
    expect(links.size).toBe(1);
    expect(links.linkRisk(links.find(key(1)), 0)).toBe(0.6);
  });

  it('removes entries from the middle of a probe run without losing the ones after', () => {
    const keys = colliding(6);
    const links = new RiskyLinks(100);
    keys.forEach((k, i) => links.set(k, i, 0.1 * (i + 1), 0, 0, 0, 0));
    links.delete(keys[1]!);
    links.delete(keys[4]!);
    links.delete(key(999_999)); // not held: nothing happens
    expect(links.size).toBe(4);
    for (const [i, k] of keys.entries()) {
      const at = links.find(k);
      if (i === 1 || i === 4) expect(at).toBe(-1);
      else expect(links.clusterId(at)).toBe(i);
    }
  });

  it('stays exact through a long run of inserts and removals (against a Map)', () => {
    const links = new RiskyLinks(500);
    const model = new Map<number, number>();
    let seed = 1;
    for (let step = 0; step < 20_000; step++) {
      seed = fmix(seed + step);
      const k = key(seed % 700);
      if (seed % 3 === 0 || model.size >= 500) {
        links.delete(k);
        model.delete(k);
      } else {
        links.set(k, seed % 16_384, 0.5, 0, 0, 0, 0);
        model.set(k, seed % 16_384);
      }
    }
    expect(links.size).toBe(model.size);
    for (let n = 0; n < 700; n++) {
      const at = links.find(key(n));
      expect(at < 0 ? undefined : links.clusterId(at)).toBe(model.get(key(n)));
    }
  });

  it('grows with its entries, within the room for its bound, and refuses more (a bug)', () => {
    const links = new RiskyLinks(100);
    expect(links.slots).toBe(64);
    for (let n = 0; n < 100; n++) links.set(key(n), n, 0.5, 0, 0, 0, 0);
    expect(links.slots).toBe(256);
    for (let n = 0; n < 100; n++) expect(links.clusterId(links.find(key(n)))).toBe(n);
    for (let n = 100; n < 128; n++) links.set(key(n), n, 0.5, 0, 0, 0, 0);
    expect(() => links.set(key(128), 128, 0.5, 0, 0, 0, 0)).toThrow(/more entries than clusters/);
    // Removing makes room again.
    links.delete(key(0));
    links.set(key(128), 128, 0.5, 0, 0, 0, 0);
    expect(links.size).toBe(128);
  });
});
