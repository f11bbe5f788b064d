/**
 * Account windows carved from shared buffers. A Float64Array of its own costs an ArrayBuffer
 * object besides the view (96 B of heap, and a native allocation of its own): with 100,000
 * tracked accounts, ~10 MB holding nothing. Here each window is a view into a chunk of
 * WINDOWS_PER_CHUNK windows that share one buffer (places of a slab, slab.ts; a window given back
 * is kept as its view, so taking it again makes no new one).
 *
 * A window is given back when its account is evicted (engine.ts: the accounts' LRU is the only
 * place an account's state leaves) and the next new account takes it, emptied. The detector
 * reaches an account's window only through its entry in that LRU (or the handle hints, which
 * forget an evicted entry), so nothing can write to a window after it is given back. Chunks are
 * never freed: what the slab holds is what the most accounts tracked at once needed — the LRU's
 * bound, as when each window was allocated alone — plus at most one partly used chunk.
 *
 * A window is a view: its `buffer` is the whole chunk's. Code that copies a window's bytes (as
 * the Redis cluster evidence copies a cluster's, `window.buffer.slice`) must copy the view
 * (`window.slice()`), or it copies a thousand accounts' windows.
 */
import { Slab } from './slab.ts';
import { ACCOUNT_SIZE, resetWindow } from './window-state.ts';

/** Windows a chunk holds: 1,024 × ACCOUNT_SIZE doubles (~508 KB), allocated when first needed. */
const WINDOWS_PER_CHUNK = 1024;

export class WindowSlab {
  /** Where windows are carved (slab.ts); a window is a view of its place, made once. */
  private readonly places: Slab;
  /** Windows given back (their views), to be taken before carving more. */
  private readonly free: Float64Array[] = [];

  constructor(perChunk = WINDOWS_PER_CHUNK) {
    this.places = new Slab(ACCOUNT_SIZE, perChunk);
  }

  /** An empty window that starts at `now`: a given-back one when there is one. */
  take(now: number): Float64Array {
    return resetWindow(this.free.pop() ?? this.carve(), now);
  }

  /** Gives `window` (one `take` returned) back; its holder must not use it again. */
  release(window: Float64Array): void {
    this.free.push(window);
  }

  /** Windows carved in all (held by accounts or given back). */
  get size(): number {
    return this.places.places;
  }

  /** Windows given back and not taken again. */
  get spare(): number {
    return this.free.length;
  }

  private carve(): Float64Array {
    const place = this.places.take();
    const at = this.places.offsetOf(place);
    return this.places.chunkOf(place).subarray(at, at + ACCOUNT_SIZE);
  }
}
