/**
 * Accounts' scoring state carved from shared chunks (engine.ts `Tracked`: the family activations,
 * the inherited risk's inputs, the timing ticks, three hashes — `size` unboxed doubles each).
 *
 * Scoring reads this state on every request, and for most accounts it is cold. Held as an
 * array of its own, it was two dependent cache misses after the account's object (the JSArray,
 * then its FixedDoubleArray); held here, the account keeps a reference to its chunk — one of a
 * hundred for 100,000 accounts, which stays cached — and its offset in it, so the read is one
 * miss: the state's own line (RESULTS.md, "Where the scoring p99 comes from").
 *
 * Like window-slab.ts: a place is given back when its holder is evicted from the LRU that holds
 * it (the accounts', or the end users' for their own slab: the only places either leaves), and
 * the next newcomer takes it, emptied by its new holder. Chunks are never freed.
 */

/** Places a chunk holds: 1,024 accounts' state (~170 KB at 21 doubles). */
const PER_CHUNK = 1024;

export class StateSlab {
  private readonly size: number;
  private readonly perChunk: number;
  private readonly chunks: Float64Array[] = [];
  /** Places carved in all (held, or given back); the next carved is this one. */
  private carved = 0;
  /** Places given back, to be taken before carving more. */
  private readonly free: number[] = [];

  /** `size`: doubles per place. */
  constructor(size: number, perChunk = PER_CHUNK) {
    if (!(size >= 1) || !(perChunk >= 1))
      throw new RangeError(`a state slab needs size and perChunk >= 1 (got ${size}, ${perChunk})`);
    this.size = size;
    this.perChunk = perChunk;
  }

  /**
   * A place (its number), a given-back one first. Its contents are whatever its last holder
   * left: the new holder sets every double.
   */
  take(): number {
    const place = this.free.pop();
    if (place !== undefined) return place;
    if (this.carved === this.chunks.length * this.perChunk)
      this.chunks.push(new Float64Array(this.perChunk * this.size));
    return this.carved++;
  }

  /** The chunk that holds `place`. */
  chunkOf(place: number): Float64Array {
    const chunk = this.chunks[Math.floor(place / this.perChunk)];
    if (chunk === undefined) throw new RangeError(`no state place ${place}`);
    return chunk;
  }

  /** Where `place` starts in its chunk. */
  offsetOf(place: number): number {
    return (place % this.perChunk) * this.size;
  }

  /** Gives `place` (one `take` returned) back; its holder must not use it again. */
  release(place: number): void {
    this.free.push(place);
  }

  /** Places carved in all (held, or given back). */
  get places(): number {
    return this.carved;
  }

  /** Places given back and not taken again. */
  get spare(): number {
    return this.free.length;
  }
}
