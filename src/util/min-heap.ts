/**
 * A binary min-heap by a numeric key, then a numeric tie-break, then the order of the pushes:
 * O(log n) push and pop, and stable — items of one key and tie come out in the order they went
 * in (a plain binary heap hands equal keys back in an order of its own; the backtest replays
 * requests that started in the same millisecond, and replaying them out of order spends a budget
 * in another order than the proxy did). Used by the backtest to settle reservations when requests
 * end and to replay records in the order they started. Each item's keys are kept beside it in
 * arrays of numbers: sifting compares keys without reaching into the items (scattered objects: a
 * cache miss each, the most of a pop through a heap of thousands).
 */
export class MinHeap<T> {
  private readonly items: T[] = [];
  private readonly keys: number[] = [];
  private readonly ties: number[] = [];
  private readonly pushes: number[] = [];
  private pushed = 0;

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

  /**
   * Pushes `item` under `key`, `tie` ordering items of one key (given, not derived: an item may be
   * a number, a place in a batch).
   */
  push(item: T, key: number, tie = 0): void {
    const { items, keys, ties, pushes } = this;
    const pushed = this.pushed++;
    let i = items.length;
    items.push(item);
    keys.push(key);
    ties.push(tie);
    pushes.push(pushed);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(key, tie, pushed, parent)) break;
      this.move(parent, i);
      i = parent;
    }
    this.place(i, item, key, tie, pushed);
  }

  /** Removes and returns the smallest item. */
  pop(): T | undefined {
    const { items, keys, ties, pushes } = this;
    const top = items[0];
    const last = items.pop();
    const key = keys.pop();
    const tie = ties.pop();
    const pushed = pushes.pop();
    if (items.length === 0 || key === undefined || tie === undefined || pushed === undefined)
      return top;
    const length = items.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= length) break;
      const right = left + 1;
      const child =
        right < length &&
        this.before(keys[right] as number, ties[right] as number, pushes[right] as number, left)
          ? right
          : left;
      // The item moving down (the last) is placed once the loop ends: compare against its keys.
      if (!this.beforeItem(child, key, tie, pushed)) break;
      this.move(child, i);
      i = child;
    }
    this.place(i, last as T, key, tie, pushed);
    return top;
  }

  /** (key, tie, pushed) comes before the item at `at`. */
  private before(key: number, tie: number, pushed: number, at: number): boolean {
    const k = this.keys[at] as number;
    if (key !== k) return key < k;
    const t = this.ties[at] as number;
    return tie !== t ? tie < t : pushed < (this.pushes[at] as number);
  }

  /** The item at `at` comes before (key, tie, pushed). */
  private beforeItem(at: number, key: number, tie: number, pushed: number): boolean {
    const k = this.keys[at] as number;
    if (k !== key) return k < key;
    const t = this.ties[at] as number;
    return t !== tie ? t < tie : (this.pushes[at] as number) < pushed;
  }

  private move(from: number, to: number): void {
    this.items[to] = this.items[from] as T;
    this.keys[to] = this.keys[from] as number;
    this.ties[to] = this.ties[from] as number;
    this.pushes[to] = this.pushes[from] as number;
  }

  private place(at: number, item: T, key: number, tie: number, pushed: number): void {
    this.items[at] = item;
    this.keys[at] = key;
    this.ties[at] = tie;
    this.pushes[at] = pushed;
  }
}
