/**
 * What the policy stage read, rebuilt from a logged record without the request: the account (its
 * logged facts, with the candidate config's overrides applied), the request facts (route, dialect,
 * model, stream, max_tokens, n, size) and the score — recombined from the logged per-family
 * activations under the candidate's weights (record v5), or as logged for older records. Pure.
 */
import { withOverrides, type Account, type AccountSettings } from '../account/account.ts';
import type { ReplayRecord } from './replay-record.ts';
import { FAMILIES, type Family } from '../detection/detection-schema.ts';
import { scoreOf, familiesOf, type Combined } from '../detection/combine-score.ts';
import type { Score } from '../detection/score.ts';
import type { DialectName } from '../dialects/dialect.ts';
import { isWebsocketRouteId, websocketPath, type RouteTable } from '../dialects/routes.ts';
import type { RequestFacts } from '../signals/request-facts.ts';

const DAY_MS = 86_400_000;

/** The account as the policy saw it; `tier` replaces the logged tier (a challenge's tier). */
export function accountOf(
  record: ReplayRecord,
  settings: AccountSettings,
  tier: string | undefined,
): Account {
  const logged: Account = {
    id: record.account ?? '',
    org: record.org ?? undefined,
    tier: tier ?? record.tier ?? settings.defaultTier,
    credential: record.credential ?? 'api_key',
    keyId: record.key_id ?? '',
    createdAt:
      record.account_age_days === null ? undefined : record.time - record.account_age_days * DAY_MS,
    ageDays: record.account_age_days ?? undefined,
    verified: record.verified ?? false,
    programme: record.programme ?? undefined,
    labels: record.labels,
    declaredUse: record.declared_use ?? undefined,
    override: undefined,
  };
  return withOverrides(logged, settings, record.time);
}

/**
 * The request facts the policy and limits read (no detection signals: none are logged). A
 * WebSocket session is metered as the candidate's `routes` say (else: when it logged tokens).
 */
export function factsOf(record: ReplayRecord, routes?: RouteTable): RequestFacts {
  const session = isWebsocketRouteId(record.route);
  return {
    dialect: (record.dialect ?? 'openai') as DialectName,
    route: record.route ?? '',
    model: record.model ?? undefined,
    // A WebSocket session is a stream (upgradeFacts), whatever an older writer logged.
    stream: session || (record.stream ?? false),
    maxTokens: record.max_tokens ?? undefined,
    messageCount: record.messages ?? 0,
    toolCount: record.tools ?? 0,
    thinking: record.thinking ?? false,
    choices: record.choices ?? 1,
    bytes: record.bytes_in,
    signals: undefined,
    // A metered session is admitted on a token reservation, settled from its logged usage.
    meteredSession:
      session &&
      (routes === undefined
        ? record.tokens_out !== null
        : routes.matchWebsocket(websocketPath(record.route ?? ''))?.meteredSessions === true),
  };
}

/** Recombines scores; holds its scratch arrays (one per replay, not per record). */
export class Rescorer {
  private readonly weights: Float64Array;
  private readonly activation = new Float64Array(FAMILIES.length);
  private readonly combined: Combined = { value: 0, fired: 0, mask: 0 };

  constructor(weights: Float64Array) {
    this.weights = weights;
  }

  /**
   * The score under these weights. Exactly the logged score when the weights are those it was
   * logged under (the engine combines the same rounded activations); a record without
   * activations (v2–v4) keeps its logged score and families.
   */
  score(record: ReplayRecord): Score {
    const logged = record.activation;
    if (logged === null) {
      return {
        value: record.score,
        factors: record.factors,
        families: record.families,
        cluster: record.cluster,
      };
    }
    const activation = this.activation;
    for (let f = 0; f < FAMILIES.length; f++) activation[f] = logged[FAMILIES[f] as Family] ?? 0;
    const combined = scoreOf(activation, this.weights, this.combined);
    return {
      value: combined.value,
      factors: record.factors,
      families: familiesOf(combined.mask),
      cluster: record.cluster,
      activation: logged,
    };
  }
}
