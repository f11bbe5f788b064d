/**
 * Lease refills under way, one per bucket (single flight). When a lease runs out or expires, every
 * in-flight request of the account misses it at the same moment: each sending its own spend made
 * bursts of 30–80 spend calls (and their settlements) every lease ttl, which timed out under load.
 * Now the first miss sends the refill and registers it here; a request that misses the same bucket
 * meanwhile waits for that refill and takes its units from the new lease locally.
 *
 * A refill settles with `true` when Redis answered (admitted or refused: the leases say what
 * there is), `false` when it could not be used (breaker, failure, timeout, stale): its waiters then
 * follow the failure mode, as the refill itself did. The promise never rejects.
 */
export class LeaseRefills {
  private readonly pending = new Map<string, Promise<boolean>>();

  get size(): number {
    return this.pending.size;
  }

  has(key: string): boolean {
    return this.pending.has(key);
  }

  /** The refill under way for the first of `keys` that has one. */
  find(keys: readonly string[]): Promise<boolean> | undefined {
    for (const key of keys) {
      const refill = this.pending.get(key);
      if (refill !== undefined) return refill;
    }
    return undefined;
  }

  /**
   * A call that refills the leases of `keys`: registered for each key that has no refill under way
   * yet. Returns its settlement (idempotent: the first call counts).
   */
  start(keys: readonly string[]): (reached: boolean) => void {
    let settle: (reached: boolean) => void = () => undefined;
    const refill = new Promise<boolean>((resolve) => (settle = resolve));
    const mine = keys.filter((key) => !this.pending.has(key));
    for (const key of mine) this.pending.set(key, refill);
    let done = false;
    return (reached) => {
      if (done) return;
      done = true;
      for (const key of mine) if (this.pending.get(key) === refill) this.pending.delete(key);
      settle(reached);
    };
  }
}
