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
