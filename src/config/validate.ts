/**
 * Runs a zod schema over a parsed YAML value and turns every issue into a located ConfigError.
 * Shared by the config loader and the key-file loader so both report problems the same way.
 */
import type { z } from 'zod';
import type { ConfigError, PathSegment, SourceLocator } from './config-error.ts';

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: ConfigError[] };

export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  locator: SourceLocator,
): Validated<z.output<S>> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return { ok: true, value: result.data };
  const errors: ConfigError[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.filter(
      (segment): segment is PathSegment => typeof segment !== 'symbol',
    );
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push(locator.error(path, 'unknown key', key));
    } else {
      errors.push(locator.error(path, describeIssue(issue)));
    }
  }
  return { ok: false, errors };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const message = issue.message.replace(/^Invalid (input|option): /, '');
  // zod says "expected string, received undefined" for a missing key.
  return issue.code === 'invalid_type' && message.endsWith('received undefined')
    ? 'is required'
    : message;
}
