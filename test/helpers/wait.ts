/**
 * Small shared helpers for integration tests: finding a request's one decision record, polling a
 * condition with a deadline (never a fixed sleep) or timing it, and capturing an expected rejection.
 */
import { expect } from 'vitest';
import type { DecisionRecord } from '../../src/decision-log/record.ts';
import type { Harness } from './harness.ts';

/** The one decision record of a request (waits for it; fails if there is not exactly one). */
export async function recordFor(
  h: Harness,
  requestId: string | null | undefined,
): Promise<DecisionRecord> {
  expect(requestId).toMatch(/^req_/);
  const deadline = Date.now() + 5_000;
  for (;;) {
    const found = (await h.records()).filter((r) => r.request_id === requestId);
    if (found.length > 0 || Date.now() > deadline) {
      expect(found).toHaveLength(1);
      return found[0]!;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Polls `condition` until it holds or `timeoutMs` passes; returns whether it held. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/** Milliseconds until `check` holds (polled), or Infinity once `ms` passed: for "within" bounds. */
export async function msUntil(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) return Infinity;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
