/**
 * The admin API's request bodies, validated with zod (strict: an unknown field is an error) into
 * clear 400s: every problem with its path and a fixed message — never the value sent, which may be
 * a pasted secret.
 */
import { z } from 'zod';
import { label, nameOf } from '../account/accounts-schema.ts';
import { parseDuration } from '../config/units.ts';
import type { Issue } from './admin-http.ts';

/** The longest a runtime override may last: it must be renewed, never forgotten. */
export const MAX_OVERRIDE_MS = 366 * 86_400_000;

const printable = /^\P{Cc}+$/u;
const actor = z
  .string()
  .min(1)
  .max(128)
  .regex(printable, 'no control characters')
  .describe('Who made the change (a person or a system), for the audit log.');
const reason = z.string().min(1).max(256).regex(printable, 'no control characters');
const expires = z
  .string()
  .min(1)
  .max(64)
  .describe('ISO 8601 time with an offset, or a duration from now such as "24h".');

export const overrideBody = z
  .strictObject({
    action: z.enum(['allow', 'deny']).optional(),
    verified: z.boolean().optional(),
    declared_use: nameOf.optional(),
    reason,
    actor,
    expires,
  })
  .refine(
    (body) =>
      body.action !== undefined || body.verified !== undefined || body.declared_use !== undefined,
    { message: 'set at least one of action, verified, declared_use' },
  );

export const labelsBody = z.strictObject({
  labels: z.array(label).min(1).max(32),
  reason,
  actor,
  expires,
});

export const deleteBody = z.strictObject({ reason, actor });

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

export function parseBody<T>(schema: z.ZodType<T>, json: unknown): Parsed<T> {
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(body)',
      // Key names and values are the client's: name the problem, not what was sent.
      message: issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message,
    })),
  };
}

/** `expires` as ms since epoch, or an issue: in the future, within MAX_OVERRIDE_MS. */
export function parseExpiry(text: string, now: number): number | Issue {
  const fromDuration = parseDuration(text);
  const iso = z.iso.datetime({ offset: true }).safeParse(text);
  const at =
    fromDuration !== undefined ? now + fromDuration : iso.success ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return { path: 'expires', message: 'expected an ISO 8601 time or 24h' };
  if (at <= now) return { path: 'expires', message: 'must be in the future' };
  if (at - now > MAX_OVERRIDE_MS) return { path: 'expires', message: 'at most 366 days ahead' };
  return at;
}

/** An account id from the path: what the key file and tokens allow. */
export function validAccountId(id: string): boolean {
  return id.length <= 256 && printable.test(id);
}
