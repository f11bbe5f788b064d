/**
 * The decoy tools' config: a rule's `degrade.decoy_tools` (how many decoys to inject) and the
 * policy-wide `policy.decoy_tools` section (where the naming secret comes from, how often names
 * rotate). The checks the schema cannot express are in check-decoys.ts; the namer is built here,
 * once per load, only when some rule injects decoys.
 */
import { z } from 'zod';
import { duration } from '../config/units.ts';
import { createDecoyNamer, type DecoyNamer } from './decoy-names.ts';

/** Decoys injected when a rule says `decoy_tools: true`. */
export const DEFAULT_DECOY_COUNT = 2;
/** At most this many per request: each costs the upstream prompt tokens. */
export const MAX_DECOY_COUNT = 8;
/** A secret shorter than this is refused (it is an HMAC key). */
export const MIN_DECOY_SECRET_LENGTH = 32;

/** `degrade.decoy_tools` of a rule: true (the default count), false, or `{ count }`. */
export const decoyToolsSetting = z
  .union(
    [
      z.boolean(),
      z.strictObject({
        count: z
          .number()
          .int()
          .min(1)
          .max(MAX_DECOY_COUNT)
          .default(DEFAULT_DECOY_COUNT)
          .describe('Decoy tools added to the request.'),
      }),
    ],
    { error: `expected true, false or { count: 1-${MAX_DECOY_COUNT} }` },
  )
  .describe(
    `Add decoy tools to an agentic request and intercept calls to them (true: ${DEFAULT_DECOY_COUNT}; { count: 1-${MAX_DECOY_COUNT} }). High confidence only.`,
  );

export type DecoyToolsSetting = z.output<typeof decoyToolsSetting>;

/** The decoys a rule injects (0: none). */
export function decoyCount(setting: DecoyToolsSetting | undefined): number {
  if (setting === undefined || setting === false) return 0;
  return setting === true ? DEFAULT_DECOY_COUNT : setting.count;
}

/** `policy.decoy_tools`. */
export const decoySectionSchema = z
  .strictObject({
    secret_env: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')
      .default('DISTILLGUARD_DECOY_SECRET')
      .describe(
        `Environment variable holding the secret decoy names are derived from (at least ${MIN_DECOY_SECRET_LENGTH} characters; required when a rule uses decoy_tools).`,
      ),
    rotation: duration('168h').describe(
      'How long an account keeps the same decoy names (at least 1h).',
    ),
  })
  .describe('Decoy tools: the naming secret and rotation shared by every rule that injects them.');

export type DecoySection = z.output<typeof decoySectionSchema>;

/** The largest count any rule asks for (0: no rule injects decoys). */
export function largestDecoyCount(
  rules: readonly {
    readonly degrade?: { readonly decoy_tools?: DecoyToolsSetting | undefined } | undefined;
  }[],
): number {
  let most = 0;
  for (const rule of rules) most = Math.max(most, decoyCount(rule.degrade?.decoy_tools));
  return most;
}

/** The namer for a loaded config; undefined when no rule injects decoys (or no secret). */
export function compileDecoys(
  section: DecoySection,
  rules: Parameters<typeof largestDecoyCount>[0],
  secret: string | undefined,
): DecoyNamer | undefined {
  const count = largestDecoyCount(rules);
  if (count === 0 || secret === undefined) return undefined;
  return createDecoyNamer(secret, section.rotation, count);
}
