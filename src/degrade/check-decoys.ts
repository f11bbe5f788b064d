/**
 * Load-time checks of decoy tools that the schema cannot express, each with the rule's line:
 * a rule that injects decoys needs a naming secret in the environment, a high-confidence condition
 * (decoys cost a real agent its tool call when the model picks one), and a route that takes tools.
 * The secret itself never appears in an error, only the variable's name.
 */
import type { ConfigError, SourceLocator } from '../config/config-error.ts';
import type { FileConfig } from '../config/schema.ts';
import type { RuleConfig } from '../policy/rule-schema.ts';
import { decoyCount, MIN_DECOY_SECRET_LENGTH } from './decoy-config.ts';
import { DECOY_ROUTES } from './decoy-tools.ts';

const MIN_ROTATION_MS = 3_600_000;
/** A score bound at least this high counts as a high-confidence condition. */
const HIGH_SCORE = 0.5;

export interface DecoyFindings {
  readonly errors: ConfigError[];
  /** The naming secret, when a rule needs it and the environment holds a valid one. */
  readonly secret: string | undefined;
}

export function checkDecoys(
  policy: FileConfig['policy'],
  locator: SourceLocator,
  env: Readonly<Record<string, string | undefined>>,
): DecoyFindings {
  const errors: ConfigError[] = [];
  const section = policy.decoy_tools;
  if (section.rotation < MIN_ROTATION_MS)
    errors.push(locator.error(['policy', 'decoy_tools', 'rotation'], 'must be at least 1h'));
  let first: number | undefined;
  policy.rules.forEach((rule, index) => {
    if (decoyCount(rule.degrade?.decoy_tools) === 0) return;
    first ??= index;
    const at = ['policy', 'rules', index, 'degrade', 'decoy_tools'];
    if (!isHighConfidence(rule.when))
      errors.push(
        locator.error(
          at,
          `decoy_tools is for high confidence only: the rule's when needs score ≥ ${HIGH_SCORE} (gte or gt), families.min ≥ 2, cluster.flagged: true or account.labels.any`,
        ),
      );
    const routes = rule.when.route;
    if (routes !== undefined && !routes.some((route) => DECOY_ROUTES.has(route)))
      errors.push(
        locator.error(
          at,
          `no route of this rule takes tools; decoys apply to ${[...DECOY_ROUTES].join(', ')}`,
        ),
      );
  });
  if (first === undefined) return { errors, secret: undefined };
  const secret = env[section.secret_env];
  if (secret === undefined || secret.length < MIN_DECOY_SECRET_LENGTH) {
    errors.push(
      locator.error(
        ['policy', 'rules', first, 'degrade', 'decoy_tools'],
        `decoy_tools needs a secret: environment variable ${section.secret_env} (policy.decoy_tools.secret_env) must hold at least ${MIN_DECOY_SECRET_LENGTH} characters`,
      ),
    );
    return { errors, secret: undefined };
  }
  return { errors, secret };
}

function isHighConfidence(when: RuleConfig['when']): boolean {
  const score = when.score;
  const scoreFloor = Math.max(score?.gte ?? -Infinity, score?.gt ?? -Infinity);
  return (
    scoreFloor >= HIGH_SCORE ||
    (when.families?.min ?? 0) >= 2 ||
    (when.families?.all?.length ?? 0) >= 2 ||
    when.cluster?.flagged === true ||
    (when.account?.labels?.any?.length ?? 0) > 0
  );
}
