/**
 * Distinct counts in four words of any numeric array (linear counting over two tumbling epochs),
 * shared by the detection windows (window-state.ts: tool sets, IP prefixes, clients, end users,
 * members) and the fingerprint index (distinct accounts per key).
 */

/**
 * A distinct-count sketch is 4 words at `base` of any numeric array: a 64-bit linear-counting
 * bitmap for the current epoch (lo, hi) and one for the previous epoch. The account windows and
 * the fingerprint index (distinct accounts per key) both use these.
 */
export type SketchWords = Float64Array | Uint32Array;

/** Starts a new epoch: the current bitmap becomes the previous one (`keep`), or both clear. */
export function rollSketch(words: SketchWords, base: number, keep: boolean): void {
  words[base + 2] = keep ? (words[base] ?? 0) : 0;
  words[base + 3] = keep ? (words[base + 1] ?? 0) : 0;
  words[base] = 0;
  words[base + 1] = 0;
}

/** Adds a 32-bit hash to the sketch at `base`. */
export function addToSketch(words: SketchWords, base: number, hash: number): void {
  const index = base + ((hash >>> 5) & 1);
  words[index] = ((words[index] ?? 0) | (1 << (hash & 31))) >>> 0;
}

/** Linear-counting estimate of distinct values over both epochs (saturates near 266). */
export function countSketch(words: SketchWords, base: number): number {
  return linearCount(
    (words[base] ?? 0) | (words[base + 2] ?? 0),
    (words[base + 1] ?? 0) | (words[base + 3] ?? 0),
  );
}

/** Linear-counting estimate of the distinct values behind one 64-bit bitmap (lo, hi). */
export function linearCount(lo: number, hi: number): number {
  const zeros = 64 - popcount(lo >>> 0) - popcount(hi >>> 0);
  return zeros === 0 ? 266 : 64 * Math.log(64 / zeros);
}

export function popcount(value: number): number {
  let v = value >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}
