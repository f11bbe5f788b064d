/**
 * A binary min-heap by a numeric key: O(log n) push and pop. Used by the backtest to settle
 * reservations when requests end and to replay records in the order they started. Each item's key
 * is kept beside it in an array of numbers: sifting compares keys without reaching into the items
 * (scattered objects: a cache miss each, the most of a pop through a heap of thousands).
 */
export class MinHeap<T> {
  private readonly items: T[] = [];
  private readonly keys: number[] = [];

  get size(): number {
    return this.items.length;
  }

  /** The smallest item, without removing it. */
  peek(): T | undefined {
    return this.items[0];
  }

  /** The smallest item's key (undefined when empty). */
  peekKey(): number | undefined {
    return this.keys[0];
  }

  /** Pushes `item` under `key` (given, not derived: an item may be a number, a place in a batch). */
  push(item: T, key: number): void {
    const { items, keys } = this;
    let i = items.length;
    items.push(item);
    keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentKey = keys[parent] as number;
      if (parentKey <= key) break;
      items[i] = items[parent] as T;
      keys[i] = parentKey;
      i = parent;
    }
    items[i] = item;
    keys[i] = key;
  }

  /** Removes and returns the smallest item. */
  pop(): T | undefined {
    const { items, keys } = this;
    const top = items[0];
    const last = items.pop();
    const key = keys.pop();
    if (items.length === 0 || last === undefined || key === undefined) return top;
    const length = items.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= length) break;
      const right = left + 1;
      const child =
        right < length && (keys[right] as number) < (keys[left] as number) ? right : left;
      const childKey = keys[child] as number;
      if (childKey >= key) break;
      items[i] = items[child] as T;
      keys[i] = childKey;
      i = child;
    }
    items[i] = last;
    keys[i] = key;
    return top;
  }
}
