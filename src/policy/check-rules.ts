/**
 * Checks on policy rules that the schema cannot express, each reported with the rule's file:line:
 * duplicate ids, unknown factor, tier and route names, empty ranges, regular expressions that do
 * not compile, and rules that can never match because an earlier enforced rule matches every
 * request they would. The overlap check is conservative: it reports only what it can prove.
 */
import type { ConfigError, PathSegment, SourceLocator } from '../config/config-error.ts';
import type { FileConfig } from '../config/schema.ts';
import { FACTOR_NAMES } from '../detection/factor-names.ts';
import { isWebsocketRouteId } from '../dialects/routes.ts';
import { toInterval, type Interval } from './compile-rules.ts';
import type { RangeConfig, RuleConfig, WhenConfig } from './rule-schema.ts';

export interface RuleContext {
  readonly tiers: ReadonlySet<string> | undefined;
  /**
   * Route ids a `when.route` may name: inference, pass-through (`passthrough:<path>`) and WebSocket
   * upgrade routes (`websocket:<path>`; an upgrade runs the rules and spends the limits too).
   */
  readonly routes: ReadonlySet<string>;
  /** The WebSocket routes whose sessions are not metered (`usage: none`): they spend no tokens. */
  readonly unmeteredSessions?: ReadonlySet<string>;
}

type When = WhenConfig;

/** Checks `policy.limits` and `policy.rules` together (throttle rules name limits). */
export function checkPolicy(
  policy: FileConfig['policy'],
  context: RuleContext,
  locator: SourceLocator,
): ConfigError[] {
  const errors = checkLimits(policy, context, locator);
  const throttled = new Set(
    policy.limits.filter((limit) => limit.applies === 'throttled').map((limit) => limit.id),
  );
  errors.push(...checkRules(policy.rules, context, locator, ['policy', 'rules']));
  const challenges = policy.rules.findIndex((rule) => rule.action === 'challenge');
  if (challenges >= 0 && policy.challenge.url === undefined) {
    errors.push(
      locator.error(
        ['policy', 'rules', challenges, 'action'],
        'a challenge rule needs policy.challenge.url',
      ),
    );
  }
  const tier = policy.challenge.tier;
  if (tier !== undefined && context.tiers !== undefined && !context.tiers.has(tier)) {
    errors.push(
      locator.error(
        ['policy', 'challenge', 'tier'],
        `tier "${tier}" is not defined under accounts.tiers`,
      ),
    );
  }
  policy.rules.forEach((rule, index) => {
    const at = ['policy', 'rules', index];
    if ((rule.action === 'degrade') !== (rule.degrade !== undefined)) {
      errors.push(
        locator.error(
          [...at, rule.action === 'degrade' ? 'action' : 'degrade'],
          rule.action === 'degrade'
            ? 'a degrade rule needs `degrade` (what to withhold or reduce)'
            : '`degrade` belongs to action: degrade',
        ),
      );
    }
    if (rule.remember !== undefined && rule.action !== 'block')
      errors.push(locator.error([...at, 'remember'], '`remember` belongs to action: block'));
    if (rule.action !== 'throttle') {
      if (
        rule.limits !== undefined ||
        rule.tier_budget !== undefined ||
        rule.tier_budget_scope !== undefined ||
        (rule.delay ?? 0) > 0 ||
        rule.pace !== undefined
      )
        errors.push(
          locator.error(
            [...at, 'action'],
            'limits, tier_budget, tier_budget_scope, delay and pace belong to action: throttle',
          ),
        );
      return;
    }
    if (
      rule.limits === undefined &&
      rule.tier_budget === undefined &&
      (rule.delay ?? 0) === 0 &&
      rule.pace === undefined
    )
      errors.push(
        locator.error(
          [...at, 'action'],
          'a throttle rule needs limits, a tier_budget, a delay or a pace',
        ),
      );
    if (rule.tier_budget_scope !== undefined && rule.tier_budget === undefined)
      errors.push(
        locator.error([...at, 'tier_budget_scope'], 'tier_budget_scope needs a tier_budget'),
      );
    rule.limits?.forEach((id, i) => {
      if (!throttled.has(id))
        errors.push(
          locator.error(
            [...at, 'limits', i],
            `no limit "${id}" with applies: throttled under policy.limits`,
          ),
        );
    });
  });
  return errors;
}

function checkLimits(
  policy: FileConfig['policy'],
  context: RuleContext,
  locator: SourceLocator,
): ConfigError[] {
  const errors: ConfigError[] = [];
  const seen = new Map<string, number>();
  policy.limits.forEach((limit, index) => {
    const at = ['policy', 'limits', index];
    const first = seen.get(limit.id);
    if (first !== undefined)
      errors.push(
        locator.error(
          [...at, 'id'],
          `duplicate limit id "${limit.id}" (first at limits[${first}])`,
        ),
      );
    else seen.set(limit.id, index);
    checkWhen(limit.when, context, (path, message) =>
      errors.push(locator.error([...at, 'when', ...path], message)),
    );
    for (const dimension of ['requests', 'input_tokens', 'output_tokens'] as const) {
      const rate = limit[dimension];
      if (rate !== undefined && rate.per <= 0)
        errors.push(locator.error([...at, dimension, 'per'], 'must be longer than 0'));
    }
    const routes = limit.when.route;
    if (
      routes !== undefined &&
      routes.length > 0 &&
      routes.every(
        (route) => isWebsocketRouteId(route) && context.unmeteredSessions?.has(route) === true,
      ) &&
      limit.requests === undefined &&
      limit.concurrent_streams === undefined
    )
      errors.push(
        locator.error(
          [...at, 'when', 'route'],
          'a WebSocket session of a route with usage: none spends no tokens: name requests or concurrent_streams, or meter the route (usage: realtime)',
        ),
      );
    const output = limit.output_tokens;
    if (output !== undefined && (output.burst ?? output.limit) < policy.reserve_output_tokens) {
      errors.push(
        locator.error(
          [...at, 'output_tokens'],
          `holds at most ${output.burst ?? output.limit} tokens, less than policy.reserve_output_tokens (${policy.reserve_output_tokens}) reserved for a request without max_tokens: raise burst or lower the reservation`,
        ),
      );
    }
  });
  return errors;
}

export function checkRules(
  rules: readonly RuleConfig[],
  context: RuleContext,
  locator: SourceLocator,
  base: readonly PathSegment[],
): ConfigError[] {
  const errors: ConfigError[] = [];
  const firstIndex = new Map<string, number>();
  rules.forEach((rule, index) => {
    const at = (...path: PathSegment[]): readonly PathSegment[] => [...base, index, ...path];
    const earlier = firstIndex.get(rule.id);
    if (earlier !== undefined) {
      errors.push(
        locator.error(at('id'), `duplicate rule id "${rule.id}" (first at rules[${earlier}])`),
      );
    } else {
      firstIndex.set(rule.id, index);
    }
    checkWhen(rule.when, context, (path, message) =>
      errors.push(locator.error(at('when', ...path), message)),
    );
    const cover = rules.slice(0, index).findIndex((prior) => shadows(prior, rule));
    if (cover >= 0) {
      const prior = rules[cover] as RuleConfig;
      const line = locator.error([...base, cover], '').line;
      errors.push(
        locator.error(
          at('id'),
          `rule "${rule.id}" can never match: rule "${prior.id}" (rules[${cover}]${line === undefined ? '' : `, line ${line}`}) comes first, is enforced for every account and matches every request this one would`,
        ),
      );
    }
  });
  return errors;
}

function checkWhen(
  when: When,
  context: RuleContext,
  report: (path: readonly PathSegment[], message: string) => void,
): void {
  const range = (path: readonly PathSegment[], value: RangeConfig | undefined): void => {
    if (value !== undefined && isEmpty(toInterval(value)))
      report(path, 'the range is empty: no value satisfies it');
  };
  range(['score'], when.score);
  for (const [signal, value] of Object.entries(when.factors ?? {})) {
    if (!FACTOR_NAMES.has(signal)) {
      report(['factors', signal], `unknown factor "${signal}"${suggest(signal, FACTOR_NAMES)}`);
    }
    range(['factors', signal], value);
  }
  range(['account', 'age_days'], when.account?.age_days);
  range(['cluster', 'accounts'], when.cluster?.accounts);
  range(['cluster', 'risk'], when.cluster?.risk);
  const tiers = context.tiers;
  if (tiers !== undefined) {
    when.account?.tier?.forEach((tier, i) => {
      if (!tiers.has(tier))
        report(['account', 'tier', i], `tier "${tier}" is not defined under accounts.tiers`);
    });
  }
  when.route?.forEach((route, i) => {
    if (!context.routes.has(route)) {
      report(['route', i], `unknown route "${route}"; known: ${[...context.routes].join(', ')}`);
    }
  });
  if (when.model_match !== undefined) {
    try {
      new RegExp(when.model_match, 'u');
    } catch (error) {
      report(['model_match'], `not a valid regular expression: ${(error as Error).message}`);
    }
  }
}

function isEmpty(i: Interval): boolean {
  return i.min > i.max || (i.min === i.max && (i.minOpen || i.maxOpen));
}

/** " (did you mean …?)" for the closest known name within two edits, else "". */
function suggest(name: string, known: ReadonlySet<string>): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** `prior` is always enforced and matches every request `rule` matches. */
function shadows(prior: RuleConfig, rule: RuleConfig): boolean {
  return prior.mode === 'enforce' && prior.rollout >= 100 && covers(prior.when, rule.when);
}

/** Every request matching `b` also matches `a` (provably; false when unsure). */
export function covers(a: When, b: When): boolean {
  return (
    listCovers(a.route, b.route) &&
    listCovers(a.dialect, b.dialect) &&
    listCovers(a.model, b.model) &&
    sameOrAbsent(a.model_match, b.model_match) &&
    sameOrAbsent(a.stream, b.stream) &&
    rangeCovers(a.score, b.score) &&
    familiesCover(a.families, b.families) &&
    Object.entries(a.factors ?? {}).every(([signal, range]) =>
      rangeCovers(range, b.factors?.[signal]),
    ) &&
    accountCovers(a.account, b.account) &&
    clusterCovers(a.cluster, b.cluster)
  );
}

function listCovers<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): boolean {
  if (a === undefined) return true;
  return b !== undefined && b.every((item) => a.includes(item));
}

function sameOrAbsent<T>(a: T | undefined, b: T | undefined): boolean {
  return a === undefined || a === b;
}

function rangeCovers(a: RangeConfig | undefined, b: RangeConfig | undefined): boolean {
  if (a === undefined) return true;
  if (b === undefined) return false;
  const outer = toInterval(a);
  const inner = toInterval(b);
  const lowOk =
    outer.min < inner.min || (outer.min === inner.min && (!outer.minOpen || inner.minOpen));
  const highOk =
    outer.max > inner.max || (outer.max === inner.max && (!outer.maxOpen || inner.maxOpen));
  return lowOk && highOk;
}

function familiesCover(a: When['families'], b: When['families']): boolean {
  if (a === undefined) return true;
  if (b === undefined) return a.min === undefined || a.min === 0 ? !a.any && !a.all : false;
  const guaranteed = Math.max(b.min ?? 0, b.all?.length ?? 0);
  if (a.min !== undefined && guaranteed < a.min) return false;
  if (a.any !== undefined) {
    const viaAll = b.all?.some((family) => a.any?.includes(family)) ?? false;
    const viaAny = b.any?.every((family) => a.any?.includes(family)) ?? false;
    if (!viaAll && !viaAny) return false;
  }
  if (a.all !== undefined && !a.all.every((family) => b.all?.includes(family))) return false;
  return true;
}

function accountCovers(a: When['account'], b: When['account']): boolean {
  if (a === undefined) return true;
  if (b === undefined) return Object.keys(a).length === 0;
  if (!listCovers(a.tier, b.tier) || !listCovers(a.programme, b.programme)) return false;
  if (!sameOrAbsent(a.verified, b.verified)) return false;
  if (a.declared_use !== undefined) {
    const outer = a.declared_use;
    const inner = b.declared_use;
    if (inner === undefined) return false;
    if (outer === true && inner === false) return false;
    if (outer === false && inner !== false) return false;
    if (
      Array.isArray(outer) &&
      !(Array.isArray(inner) && inner.every((use) => outer.includes(use)))
    )
      return false;
  }
  if (a.labels?.any !== undefined && !listCovers(a.labels.any, b.labels?.any)) return false;
  if (
    a.labels?.none !== undefined &&
    !a.labels.none.every((label) => b.labels?.none?.includes(label) ?? false)
  )
    return false;
  return rangeCovers(a.age_days, b.age_days);
}

function clusterCovers(a: When['cluster'], b: When['cluster']): boolean {
  if (a === undefined) return true;
  if (b === undefined) return false; // a needs a cluster; b does not
  return (
    sameOrAbsent(a.flagged, b.flagged) &&
    sameOrAbsent(a.specific, b.specific) &&
    rangeCovers(a.accounts, b.accounts) &&
    rangeCovers(a.risk, b.risk) &&
    listCovers(a.link, b.link)
  );
}
