/**
 * Actions over time: requests, actions, shadowed decisions and tokens served per time bucket.
 * With no width given, buckets start at one second and are merged up a ladder of widths (each
 * dividing the next, aligned to the epoch) whenever there are too many to keep — a minute of
 * simulated traffic and a month of production both come out as a readable series. A report
 * merges further to at most `maxRows` buckets; empty buckets in between are listed as zeros.
 */
import type { LoggedRecord } from '../decision-log/logged-record.ts';
import { addCounts, emptyCounts, type ActionCounts } from './action-counts.ts';

const S = 1000;
const LADDER = [
  S,
  5 * S,
  15 * S,
  60 * S,
  300 * S,
  900 * S,
  3600 * S,
  6 * 3600 * S,
  86_400 * S,
  7 * 86_400 * S,
];
/** Buckets kept while reading before they are merged into wider ones. */
const MAX_KEPT = 4096;
/** A fixed width is never merged: past this many buckets, later ones are not kept (counted). */
const MAX_FIXED = 100_000;

export interface TimeBucket {
  /** Bucket start, ISO 8601. */
  readonly start: string;
  readonly requests: number;
  readonly actions: ActionCounts;
  readonly shadowed: number;
  readonly tokens_out: number;
}

export interface TimeSeries {
  readonly bucket_ms: number;
  readonly buckets: readonly TimeBucket[];
  /** Records not counted because a fixed width made too many buckets. */
  readonly dropped: number;
}

interface Acc {
  requests: number;
  actions: ActionCounts;
  shadowed: number;
  tokensOut: number;
}

/** What a parallel reader hands over (structured-cloneable). */
export interface TimeState {
  readonly width: number;
  readonly buckets: [number, Acc][];
  readonly dropped: number;
}

export class TimeBuckets {
  private width: number;
  private readonly fixed: boolean;
  private buckets = new Map<number, Acc>();
  private dropped = 0;

  /** `width` in ms fixes the bucket width; undefined picks one from the data. */
  constructor(width: number | undefined) {
    this.fixed = width !== undefined;
    this.width = width ?? (LADDER[0] as number);
  }

  add(record: LoggedRecord): void {
    const key = Math.floor(record.time / this.width) * this.width;
    let acc = this.buckets.get(key);
    if (acc === undefined) {
      if (this.buckets.size >= (this.fixed ? MAX_FIXED : MAX_KEPT)) {
        if (this.fixed) {
          this.dropped++;
          return;
        }
        this.merge(this.nextWidth());
        this.add(record);
        return;
      }
      acc = { requests: 0, actions: emptyCounts(), shadowed: 0, tokensOut: 0 };
      this.buckets.set(key, acc);
    }
    acc.requests++;
    acc.actions[record.action]++;
    if (record.shadow !== null) acc.shadowed++;
    acc.tokensOut += record.tokens_out ?? 0;
  }

  state(): TimeState {
    return { width: this.width, buckets: [...this.buckets], dropped: this.dropped };
  }

  /** Another part's buckets, at the wider of the two widths (both are on the ladder). */
  absorb(state: TimeState): void {
    if (state.width > this.width) this.merge(state.width);
    const width = this.width;
    for (const [key, acc] of state.buckets) {
      const to = Math.floor(key / width) * width;
      const into = this.buckets.get(to);
      if (into === undefined) this.buckets.set(to, { ...acc, actions: { ...acc.actions } });
      else addAcc(into, acc);
    }
    this.dropped += state.dropped;
    while (!this.fixed && this.buckets.size > MAX_KEPT && this.canWiden())
      this.merge(this.nextWidth());
  }

  /** The series, merged to at most `maxRows` buckets unless the width was fixed. */
  report(maxRows: number): TimeSeries {
    if (!this.fixed)
      while (this.span() / this.width > maxRows && this.canWiden()) this.merge(this.nextWidth());
    const keys = [...this.buckets.keys()].sort((a, b) => a - b);
    const first = keys[0];
    const last = keys.at(-1);
    const filled =
      first !== undefined && last !== undefined && (last - first) / this.width <= MAX_FIXED
        ? range(first, last, this.width)
        : keys;
    return {
      bucket_ms: this.width,
      dropped: this.dropped,
      buckets: filled.map((key) => {
        const acc = this.buckets.get(key);
        return {
          start: new Date(key).toISOString(),
          requests: acc?.requests ?? 0,
          actions: acc === undefined ? emptyCounts() : { ...acc.actions },
          shadowed: acc?.shadowed ?? 0,
          tokens_out: acc?.tokensOut ?? 0,
        };
      }),
    };
  }

  private span(): number {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const key of this.buckets.keys()) {
      if (key < min) min = key;
      if (key > max) max = key;
    }
    return max < min ? 0 : max - min + this.width;
  }

  private canWiden(): boolean {
    return this.width < (LADDER.at(-1) as number);
  }

  private nextWidth(): number {
    return LADDER.find((width) => width > this.width) ?? this.width * 2;
  }

  private merge(width: number): void {
    const merged = new Map<number, Acc>();
    for (const [key, acc] of this.buckets) {
      const to = Math.floor(key / width) * width;
      const into = merged.get(to);
      if (into === undefined) merged.set(to, acc);
      else addAcc(into, acc);
    }
    this.buckets = merged;
    this.width = width;
  }
}

function addAcc(into: Acc, acc: Acc): void {
  into.requests += acc.requests;
  addCounts(into.actions, acc.actions);
  into.shadowed += acc.shadowed;
  into.tokensOut += acc.tokensOut;
}

function range(first: number, last: number, step: number): number[] {
  const out: number[] = [];
  for (let key = first; key <= last; key += step) out.push(key);
  return out;
}
