/**
 * The closed vocabulary of factor names a score can carry (`factors[].signal` in the decision
 * log). Policy rules that test a factor are checked against it at load, so a misspelt factor is a
 * config error rather than a rule that silently never matches; a test proves the detector emits
 * nothing outside it.
 */
import { PRINT_KIND_NAMES } from '../signals/request-signals.ts';
import {
  END_USER_PREFIX,
  END_USER_SCORE,
  KEY_END_USERS_FACTOR,
  REQUEST_FAMILIES,
} from './end-user-scope.ts';

/** Cluster link kinds, as logged in `cluster.link` and in `cluster.risk.<kind>`. */
export const LINK_KINDS: readonly string[] = Object.freeze([
  ...new Set(Object.values(PRINT_KIND_NAMES)),
]);

/** Factors of a window's behaviour (an account's, a cluster's pooled one, an end user's). */
const BEHAVIOUR_FACTORS: readonly string[] = [
  'volume.request_rate',
  'volume.output_token_rate',
  'volume.active_share',
  'volume.gap_regularity',
  'templates.top_share',
  'focus.top_capability_share',
  'elicitation.share',
  'grading.share',
  'harvest.max_tokens_share',
  'harvest.multi_choice_share',
  'harvest.resent_share',
  'harvest.output_input_ratio',
  'pivot.new_model_share',
  'agentic.distinct_tool_sets',
];

const CLUSTER_RISKS: readonly string[] = [
  'cluster.risk.inherited',
  ...LINK_KINDS.map((kind) => `cluster.risk.${kind}`),
];

export const FACTOR_NAMES: ReadonlySet<string> = new Set([
  ...BEHAVIOUR_FACTORS,
  'provenance.account_age_days',
  'provenance.ip_prefixes',
  'provenance.clients',
  'provenance.young_share',
  'provenance.programme_share',
  'provenance.ip_prefixes_per_member',
  'cluster.accounts',
  'cluster.org_share',
  ...CLUSTER_RISKS,
  // The end-user scope of a platform's request (end-user-scope.ts).
  END_USER_SCORE,
  KEY_END_USERS_FACTOR,
  ...[...BEHAVIOUR_FACTORS, ...CLUSTER_RISKS].map((name) => END_USER_PREFIX + name),
  ...REQUEST_FAMILIES.map((family) => `${END_USER_PREFIX}request.${family}`),
]);
