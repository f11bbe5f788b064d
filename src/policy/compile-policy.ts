/**
 * Compiles the `policy` config section into the frozen structure `evaluatePolicy` reads: the global
 * mode and the ordered rules as predicates (compile-rules.ts), with a version hash written into
 * every decision record, so a reviewer can tell which policy decided.
 */
import { hash } from 'node:crypto';
import type { FileConfig } from '../config/schema.ts';
import {
  compileLimits,
  holdsTierBudgets,
  type CompiledLimits,
  type TierSettings,
} from '../limits/compile-limits.ts';
import { compileRule, type CompiledRule } from './compile-rules.ts';
import type { Mode } from './decision.ts';

export interface CompiledPolicy {
  readonly version: string;
  readonly mode: Mode;
  readonly rules: readonly CompiledRule[];
  /** Some rule enforces on part of the accounts only: the account's hash is needed. */
  readonly partialRollout: boolean;
  readonly limits: CompiledLimits;
  /** The degradation notice: header name and the text after the list of what was applied. */
  readonly maxRememberedBlocks: number;
  /** strip_reasoning's withheld Anthropic thinking blocks: characters held and time to live. */
  readonly thinkingVault: { readonly maxBytes: number; readonly ttlMs: number };
  readonly degradeHeader: string;
  readonly degradeText: string;
  /** Answers in flight judged again after an escalation (pipeline/recheck-in-flight.ts). */
  readonly recheckInFlight: boolean;
  readonly challenge: {
    readonly url: string | undefined;
    readonly tier: string | undefined;
    readonly verifiedLabel: string;
    readonly durationMs: number;
    readonly maxAccounts: number;
  };
}

/** `accounts`: the tiers whose baselines a `tier_budget` throttle holds an account to. */
export function compilePolicy(
  section: FileConfig['policy'],
  accounts?: TierSettings,
): CompiledPolicy {
  const rules = Object.freeze(section.rules.map(compileRule));
  const limits = compileLimits(section, accounts);
  return Object.freeze({
    version: policyVersion(section, holdsTierBudgets(limits) ? accounts : undefined),
    mode: section.mode,
    rules,
    partialRollout: rules.some((rule) => rule.rollout < 100 && !rule.shadowOnly),
    limits,
    maxRememberedBlocks: section.max_remembered_blocks,
    thinkingVault: Object.freeze({
      maxBytes: section.thinking_vault.max_bytes,
      ttlMs: section.thinking_vault.ttl,
    }),
    degradeHeader: section.degrade_notice.header,
    degradeText: section.degrade_notice.text,
    recheckInFlight: section.recheck_in_flight !== false,
    challenge: Object.freeze({
      url: section.challenge.url,
      tier: section.challenge.tier,
      verifiedLabel: section.challenge.verified_label,
      durationMs: section.challenge.duration,
      maxAccounts: section.challenge.max_accounts,
    }),
  });
}

/**
 * The version written into every decision: a hash of the policy section — and of `budgeted`, the
 * tiers, when a rule holds accounts to their tier's baseline: they then decide what is enforced.
 */
function policyVersion(section: FileConfig['policy'], budgeted: TierSettings | undefined): string {
  const policy = withoutDefaultScopes(section);
  const content =
    budgeted !== undefined
      ? canonicalJson({
          policy,
          tiers: budgeted.tiers,
          default_tier: budgeted.defaultTier,
        })
      : canonicalJson(policy);
  return `pol_${hash('sha256', content, 'hex').slice(0, 12)}`;
}

/**
 * The section with `tier_budget_scope: [account]` left out where a rule writes it: it is what an
 * omitted scope means, and the version names what is enforced, not how the file spells it. (The
 * schema keeps `tier_budget_scope` optional, without a default, so that a rule that is no
 * throttle is never given one.)
 */
function withoutDefaultScopes(section: FileConfig['policy']): FileConfig['policy'] {
  const spelled = (rule: FileConfig['policy']['rules'][number]): boolean =>
    rule.tier_budget_scope?.length === 1 && rule.tier_budget_scope[0] === 'account';
  if (!section.rules.some(spelled)) return section;
  return {
    ...section,
    rules: section.rules.map((rule) => {
      if (!spelled(rule)) return rule;
      const { tier_budget_scope: _default, ...rest } = rule;
      return rest;
    }),
  };
}

/** JSON with sorted keys, so the version depends on content, not on key order in the file. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}
