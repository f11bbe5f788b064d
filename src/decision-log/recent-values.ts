/**
 * The few values a low-cardinality record field takes (an action, a tier, a route, a rule, a
 * factor name), kept so that reading one more record returns the same string object instead of
 * a new slice of its line: no allocation, and the maps and objects that count by these values
 * find them at once (a fresh slice would be hashed and compared character by character, or
 * looked up in V8's string table when used as a property key).
 */
import { ownString } from '../util/bounded-table.ts';

export class RecentValues {
  private readonly values: string[];
  private readonly capacity: number;
  private next = 0;

  /** `known` values are kept from the start (e.g. the actions); others join up to `capacity`. */
  constructor(capacity: number, known: readonly string[] = []) {
    this.values = [...known];
    this.capacity = Math.max(capacity, known.length);
  }

  /** `text[start, end)`: a kept string when it is one, else a new one (kept if there is room). */
  get(text: string, start: number, end: number): string {
    const length = end - start;
    const values = this.values;
    for (let i = 0; i < values.length; i++) {
      const value = values[i] as string;
      if (value.length === length && sameText(text, start, value)) return value;
    }
    // A copy of its own: a kept slice would keep its whole log line alive.
    const fresh = ownString(text.slice(start, end));
    if (values.length < this.capacity) values.push(fresh);
    else {
      values[this.next] = fresh;
      this.next = (this.next + 1) % this.capacity;
    }
    return fresh;
  }
}

/** Whether `text` holds `value` at `start` (a loop: String#startsWith is a call, not inlined). */
export function sameText(text: string, start: number, value: string): boolean {
  for (let i = 0; i < value.length; i++)
    if (text.charCodeAt(start + i) !== value.charCodeAt(i)) return false;
  return true;
}
