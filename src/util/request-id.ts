/**
 * Request ids: `req_` + a random per-process prefix + a counter. Unique across replicas (72 random
 * bits per process) and cheap (no UUID formatting per request). They name a record; they are not
 * secrets, so being sequential within a process is fine.
 */
import { randomBytes } from 'node:crypto';

export function createRequestIds(): () => string {
  const prefix = `req_${randomBytes(9).toString('base64url')}`;
  let counter = 0;
  return () => `${prefix}${(counter++).toString(36)}`;
}

/** Where an id's counter starts: after `req_` and the 12 characters of its process's prefix. */
const COUNTER_AT = 16;
/** A counter of more base-36 digits would not be exact in a double. */
const MAX_COUNTER_DIGITS = 10;

/**
 * The counter of the id in `text` between `start` and `end` (a request's place among those its
 * process received: createContext names a request as it takes its start time), or 0 for an id of
 * another shape. Orders requests of one process that started in the same millisecond; counters
 * of two processes say nothing about each other (either order is as good).
 */
export function arrivalIn(text: string, start: number, end: number): number {
  const digits = end - start - COUNTER_AT;
  if (digits <= 0 || digits > MAX_COUNTER_DIGITS || !text.startsWith('req_', start)) return 0;
  let counter = 0;
  for (let i = start + COUNTER_AT; i < end; i++) {
    const c = text.charCodeAt(i);
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : -1;
    if (digit < 0) return 0;
    counter = counter * 36 + digit;
  }
  return counter;
}

/** arrivalIn over a whole id. */
export function arrivalOf(id: string): number {
  return arrivalIn(id, 0, id.length);
}
