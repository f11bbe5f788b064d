import { describe, expect, it } from 'vitest';
import { RecencyMap, type RecencyLinks } from '../../../src/detection/recency-map.ts';

class Entry implements RecencyLinks<string, Entry> {
  older: Entry | undefined = undefined;
  newer: Entry | undefined = undefined;
  readonly key: string;
  constructor(key: string) {
    this.key = key;
  }
}

function filled(max: number, keys: readonly string[]): RecencyMap<string, Entry> {
  const map = new RecencyMap<string, Entry>(max);
  for (const key of keys) map.add(new Entry(key));
  return map;
}

describe('RecencyMap', () => {
  it('forgets the least recently used entry when full', () => {
    const map = filled(3, ['a', 'b', 'c', 'd']);
    expect(map.size).toBe(3);
    expect(map.peek('a')).toBeUndefined();
    expect([...map.keys()]).toEqual(['b', 'c', 'd']);
  });

  it('get makes an entry the most recently used; peek does not', () => {
    const map = filled(3, ['a', 'b', 'c']);
    expect(map.get('a')?.key).toBe('a');
    expect(map.peek('b')?.key).toBe('b');
    expect([...map.keys()]).toEqual(['b', 'c', 'a']);
    map.add(new Entry('d'));
    expect([...map.keys()]).toEqual(['c', 'a', 'd']);
    map.get('a');
    map.get('a');
    map.get('c');
    expect([...map.keys()]).toEqual(['d', 'a', 'c']);
  });

  it('keeps its links consistent whatever the order of use (against a reference LRU)', () => {
    const map = new RecencyMap<string, Entry>(5);
    const reference: string[] = []; // least recently used first
    let seed = 12345;
    for (let step = 0; step < 5_000; step++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      const key = `k${seed % 9}`;
      const at = reference.indexOf(key);
      if (at >= 0) {
        reference.splice(at, 1);
        reference.push(key);
        expect(map.get(key)?.key).toBe(key);
      } else {
        expect(map.get(key)).toBeUndefined();
        if (reference.length === 5) reference.shift();
        reference.push(key);
        map.add(new Entry(key));
      }
      expect([...map.keys()]).toEqual(reference);
    }
  });

  it('returns the entry it evicts; touch makes an entry the most recently used', () => {
    const map = filled(2, ['a', 'b']);
    const a = map.peek('a');
    expect(a).toBeDefined();
    map.touch(a!);
    expect([...map.keys()]).toEqual(['b', 'a']);
    expect(map.add(new Entry('c'))?.key).toBe('b');
    expect([...map.keys()]).toEqual(['a', 'c']);
    expect(filled(3, ['x']).add(new Entry('y'))).toBeUndefined();
  });

  it('holds one entry at least, and refuses a key it holds', () => {
    expect(() => new RecencyMap<string, Entry>(0)).toThrow(RangeError);
    const map = filled(1, ['a', 'b']);
    expect([...map.keys()]).toEqual(['b']);
    expect(() => {
      map.add(new Entry('b'));
    }).toThrow();
  });
});
