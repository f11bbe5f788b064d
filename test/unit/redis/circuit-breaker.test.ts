import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../src/redis/circuit-breaker.ts';

describe('CircuitBreaker', () => {
  it('opens after N consecutive failures; a success in between starts the count again', () => {
    const breaker = new CircuitBreaker(3, 'closed', 0);
    expect(breaker.failure(1)).toBe(false);
    expect(breaker.failure(2)).toBe(false);
    breaker.success();
    expect(breaker.failure(3)).toBe(false);
    expect(breaker.failure(4)).toBe(false);
    expect(breaker.failure(5)).toBe(true);
    expect(breaker.isOpen).toBe(true);
    expect(breaker.since).toBe(5);
    expect(breaker.failure(6)).toBe(false); // already open
    expect(breaker.opened).toBe(1);
  });

  it('opens at once (a dropped connection) and closes on a probe', () => {
    const breaker = new CircuitBreaker(3, 'closed', 0);
    expect(breaker.open(10)).toBe(true);
    expect(breaker.open(11)).toBe(false);
    expect(breaker.close(20)).toBe(true);
    expect(breaker.state).toBe('closed');
    expect(breaker.close(21)).toBe(false);
    // Closing resets the count: three more failures are needed.
    expect(breaker.failure(22)).toBe(false);
    expect(breaker.failure(23)).toBe(false);
    expect(breaker.failure(24)).toBe(true);
    expect(breaker.opened).toBe(2);
  });

  it('can start open (a proxy whose Redis has not answered yet)', () => {
    const breaker = new CircuitBreaker(3, 'open', 0);
    expect(breaker.isOpen).toBe(true);
    expect(breaker.opened).toBe(0);
    expect(breaker.close(1)).toBe(true);
  });
});
