import { describe, expect, it } from 'vitest';
import { AccountHints, MAX_HANDLE, type Hinted } from '../../../src/detection/account-hints.ts';

class Entry implements Hinted {
  handle = -1;
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
}

describe('AccountHints', () => {
  it('holds an entry under a handle, and nothing under a handle never given', () => {
    const hints = new AccountHints<Entry>();
    const a = new Entry('a');
    expect(hints.get(7)).toBeUndefined();
    hints.remember(7, a);
    expect(hints.get(7)).toBe(a);
    expect(a.handle).toBe(7);
    expect(hints.get(6)).toBeUndefined();
  });

  it('holds each entry under one handle at most, and each handle names one entry', () => {
    const hints = new AccountHints<Entry>();
    const a = new Entry('a');
    const b = new Entry('b');
    hints.remember(1, a);
    // The account's request came with another key: its hint moves there.
    hints.remember(2, a);
    expect(hints.get(1)).toBeUndefined();
    expect(hints.get(2)).toBe(a);
    // After a reload, handle 2 names another account: the old entry loses its hint.
    hints.remember(2, b);
    expect(hints.get(2)).toBe(b);
    expect(a.handle).toBe(-1);
    // Forgetting a (no longer hinted) does not drop b's hint.
    hints.forget(a);
    expect(hints.get(2)).toBe(b);
    hints.forget(b);
    expect(hints.get(2)).toBeUndefined();
    expect(b.handle).toBe(-1);
  });

  it('grows with the handles it is given, and ignores those it cannot index', () => {
    const hints = new AccountHints<Entry>();
    hints.remember(5_000, new Entry('a'));
    expect(hints.capacity).toBe(5_001);
    for (const handle of [-1, 2.5, Number.NaN, MAX_HANDLE, 2 ** 40]) {
      const e = new Entry('x');
      hints.remember(handle, e);
      expect(e.handle).toBe(-1);
      expect(hints.get(handle)).toBeUndefined();
    }
    expect(hints.capacity).toBe(5_001);
  });
});
