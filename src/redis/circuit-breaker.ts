/**
 * The circuit breaker in front of Redis. Closed: commands are sent. After `failures` consecutive
 * failures or timeouts (or at once when the connection drops) it opens: no command is sent, every
 * store serves from its fallback without waiting. While open, the connection layer probes Redis
 * with a PING every probe interval; the first answer closes the breaker. Pure: the caller reports
 * outcomes and transitions; time is passed in.
 */

export type BreakerState = 'closed' | 'open';

export class CircuitBreaker {
  private readonly threshold: number;
  private consecutive = 0;
  private current: BreakerState;
  private changedAt: number;
  /** How many times it opened since start (reported by /readyz). */
  opened = 0;

  constructor(threshold: number, initial: BreakerState, now: number) {
    this.threshold = threshold;
    this.current = initial;
    this.changedAt = now;
  }

  get state(): BreakerState {
    return this.current;
  }

  get isOpen(): boolean {
    return this.current === 'open';
  }

  /** When the state last changed (ms since epoch). */
  get since(): number {
    return this.changedAt;
  }

  /** A command answered. (Closing is the probe's job: see `close`.) */
  success(): void {
    this.consecutive = 0;
  }

  /** A command failed or timed out; returns true when this failure opened the breaker. */
  failure(now: number): boolean {
    this.consecutive++;
    if (this.current === 'open' || this.consecutive < this.threshold) return false;
    this.open(now);
    return true;
  }

  /** Opens at once (the connection dropped); returns true if it was closed. */
  open(now: number): boolean {
    if (this.current === 'open') return false;
    this.current = 'open';
    this.changedAt = now;
    this.opened++;
    return true;
  }

  /** A probe answered: commands flow again. Returns true if it was open. */
  close(now: number): boolean {
    this.consecutive = 0;
    if (this.current === 'closed') return false;
    this.current = 'closed';
    this.changedAt = now;
    return true;
  }
}
