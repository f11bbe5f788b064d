/** Percentiles and medians over measured samples (no interpolation: a measured value is quoted). */

export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/** Percentiles of the finite values among the first `count` samples (NaN marks a failed sample). */
export function percentiles(samples: Float64Array, count = samples.length): Percentiles {
  const values = samples.subarray(0, count).filter(Number.isFinite).sort();
  const at = (q: number): number =>
    values.length === 0 ? NaN : values[Math.min(values.length - 1, Math.floor(q * values.length))]!;
  return {
    count: values.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    p999: at(0.999),
    max: values.length === 0 ? NaN : values[values.length - 1]!,
  };
}

/** The median of finite values (the mean of the middle two for an even count); NaN when none. */
export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A growable Float64Array with a hard cap, so a runaway scenario cannot exhaust memory. */
export class SampleBuffer {
  private data: Float64Array;
  private length = 0;
  private readonly cap: number;

  constructor(initial: number, cap: number) {
    this.data = new Float64Array(Math.min(initial, cap));
    this.cap = cap;
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      if (this.length >= this.cap) return;
      const grown = new Float64Array(Math.min(this.cap, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  get size(): number {
    return this.length;
  }

  percentiles(): Percentiles {
    return percentiles(this.data, this.length);
  }
}
