/**
 * A set of fingerprints that answers "certainly not" or "maybe" from a few KiB that stay in a
 * core's cache (one bit per key hash: a one-hash Bloom filter). The detector keeps the
 * fingerprints of clusters that carry risk in one: scoring looks a dozen fingerprints up per
 * request, most of them in no cluster or in one of no risk (a shared system prompt, a common
 * client build), and such a cluster cannot change a score — the filter answers for them without
 * touching the multi-megabyte index and the cluster's own state (cache misses on the decision
 * path). A false "maybe" costs one ordinary lookup.
 *
 * Keys are only ever added; the set is emptied by rebuilding it alongside (`restart`, then
 * `add` the keys that still belong, then `finish`), so that a reader in between — a request
 * scored between two slices of a refresh — sees every key of both the old and the new set.
 */
export class KeyFilter {
  private readonly mask: number;
  private bits: Uint32Array;
  /** The set being rebuilt (between `restart` and `finish`), and the spare array for it. */
  private next: Uint32Array | undefined = undefined;
  private spare: Uint32Array | undefined = undefined;

  /** `bits`: a power of two, at least 32. */
  constructor(bits: number) {
    if (!(bits >= 32) || (bits & (bits - 1)) !== 0)
      throw new RangeError(`key filter bits must be a power of two >= 32 (got ${bits})`);
    this.mask = bits - 1;
    this.bits = new Uint32Array(bits / 32);
  }

  /** False when `key` was certainly never added (since the last rebuild began). */
  has(key: number): boolean {
    const bit = this.bitOf(key);
    return ((this.bits[bit >>> 5] ?? 0) & (1 << (bit & 31))) !== 0;
  }

  add(key: number): void {
    const bit = this.bitOf(key);
    const word = bit >>> 5;
    const mask = 1 << (bit & 31);
    this.bits[word] = (this.bits[word] ?? 0) | mask;
    const next = this.next;
    if (next !== undefined) next[word] = (next[word] ?? 0) | mask;
  }

  /** Starts rebuilding the set from empty (again, if a rebuild was under way). */
  restart(): void {
    this.next = this.spare ?? new Uint32Array(this.bits.length);
    this.spare = undefined;
    this.next.fill(0);
  }

  /** Ends the rebuild: the set is now the keys added since `restart`. */
  finish(): void {
    if (this.next === undefined) return;
    this.spare = this.bits;
    this.bits = this.next;
    this.next = undefined;
  }

  /** A fingerprint's two 32-bit halves folded (its kind tag is in the high half). */
  private bitOf(key: number): number {
    return (key ^ (key / 4_294_967_296)) & this.mask;
  }
}
