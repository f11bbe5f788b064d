/**
 * GET /admin/policy — the policy serving now: its version, the config file it came from, the last
 * reload (when, whether it worked, its errors), and every rule and limit with its action and mode
 * (a throttle's tier budgets with its rule — per account and per cluster: the budgets are per
 * tier, not configured limits).
 */
import type { AdminDeps } from './admin-deps.ts';
import { iso } from './report-format.ts';
import type { PolicyReport } from './report-types.ts';

export function policyReport(deps: AdminDeps): PolicyReport {
  const config = deps.config();
  const policy = config.policy;
  const reload = deps.lastReload();
  return {
    version: policy.version,
    config_version: config.version,
    source_file: config.file,
    mode: policy.mode,
    last_reload: {
      at: iso(reload.at),
      ok: reload.ok,
      source: reload.source,
      version: reload.version,
      errors: reload.errors,
    },
    rules: policy.rules.map((rule) => ({
      id: rule.id,
      action: rule.decision.action,
      reason: rule.decision.reason,
      mode: rule.shadowOnly || policy.mode === 'shadow' ? 'shadow' : 'enforce',
      rollout: rule.rollout,
      tier_budget:
        rule.decision.action === 'throttle' && rule.decision.tierBudget > 0
          ? rule.decision.tierBudget
          : null,
      cluster_budget:
        rule.decision.action === 'throttle' && rule.decision.clusterBudget > 0
          ? rule.decision.clusterBudget
          : null,
    })),
    limits: [...policy.limits.byId.values()].map((limit) => ({
      id: limit.id,
      scope: limit.scope,
      applies: limit.throttledOnly ? 'throttled' : 'always',
      mode: limit.shadow ? 'shadow' : 'enforce',
    })),
  };
}
