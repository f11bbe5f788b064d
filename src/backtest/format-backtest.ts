/** The backtest report as text: what was compared, what changes, for whom, and what is approximated. */
import { ACTION_NAMES } from '../review/action-counts.ts';
import { count, describeDamage, describeInput, percent } from '../util/report-format.ts';
import { table } from '../util/text-table.ts';
import type { AffectedKey } from './affected-accounts.ts';
import type { BacktestReport } from './backtest-report.ts';

export function formatBacktest(report: BacktestReport): string[] {
  const r = report.requests;
  const baseline =
    report.baseline.source === 'log'
      ? 'the decisions as logged'
      : `${report.baseline.file} (policy ${report.baseline.policy_version}, replayed)`;
  const lines = [
    `backtest of ${report.candidate.file} (policy ${report.candidate.policy_version}) against ${baseline}`,
    `input: ${describeInput(report.input)}${report.span.first === null ? '' : `, ${report.span.first} to ${report.span.last}`}`,
    `${count(r.replayed)} requests replayed (${count(r.rescored)} rescored under the candidate's weights, ${count(r.logged_scores)} with logged scores); ${count(r.rejects)} refused before policy, not replayed`,
    ...describeDamage(report.input),
  ];
  if (report.fidelity !== null) {
    const f = report.fidelity;
    lines.push(
      `fidelity: the baseline's replay reproduces ${percent(f.same_action, f.compared)} of logged actions (a throttle's 429 told apart)` +
        (f.differences.length === 0
          ? ''
          : ` (differs: ${f.differences.map((d) => `${d.logged}→${d.replayed} ${count(d.requests)}`).join(', ')})`) +
        `, and ${percent(f.same_shadow, f.compared)} of logged shadow decisions`,
    );
  }
  lines.push(
    '',
    `${count(report.changed)} decisions change (${percent(report.changed, r.replayed)}); ${count(report.rule_changed)} more keep their action under another rule`,
    ...table(
      ['action', 'before', 'after', 'change'],
      ACTION_NAMES.filter((name) => name !== 'reject').map((name) => {
        const before = report.actions.before[name];
        const after = report.actions.after[name];
        return [name, count(before), count(after), signed(after - before)];
      }),
    ),
  );
  if (report.transitions.length > 0)
    lines.push(
      '',
      'Changes by action',
      ...table(
        ['from', 'to', 'requests', 'logged tokens out'],
        report.transitions.map((t) => [t.from, t.to, count(t.requests), count(t.tokens_out)]),
      ),
      '',
      'Changes by tier',
      ...table(
        ['tier', 'requests', 'changed', 'visible before', 'visible after'],
        report.tiers
          .filter((tier) => tier.changed > 0)
          .map((tier) => [
            tier.tier,
            count(tier.requests),
            count(tier.changed),
            count(visible(tier.before)),
            count(visible(tier.after)),
          ]),
      ),
      '',
      'Rules deciding the changed requests',
      ...table(
        ['rule', 'now decides', 'decided before'],
        report.rules.map((rule) => [rule.rule, count(rule.gained), count(rule.lost)]),
      ),
    );
  if (report.shadow.length > 0)
    lines.push(
      '',
      'Shadowed rules and shadow limits (would have acted beside the enforced decision; would 429: their limit or tier budget refused)',
      ...table(
        ['rule', 'shadowed before', 'would 429 before', 'shadowed after', 'would 429 after'],
        report.shadow.map((rule) => [
          rule.rule,
          count(rule.before.shadowed),
          count(rule.before.shadow_refusals),
          count(rule.after.shadowed),
          count(rule.after.shadow_refusals),
        ]),
      ),
    );
  lines.push('', ...formatTokens(report), '', ...formatAffected(report), '', 'Approximations:');
  for (const item of report.approximations) lines.push(`  - ${item}`);
  return lines;
}

function formatTokens(report: BacktestReport): string[] {
  const t = report.tokens;
  return [
    `Output tokens withheld (served before, refused now): ${count(t.withheld)} over ${count(t.withheld_requests)} requests` +
      (t.withheld_estimated > 0
        ? `, ${count(t.withheld_estimated)} of them estimated (streams cut short)`
        : '') +
      (t.withheld_unknown_requests > 0
        ? ` (+${count(t.withheld_unknown_requests)} without logged usage)`
        : ''),
    `Newly degraded (still served): ${count(t.newly_degraded_requests)} requests, ${count(t.newly_degraded_tokens)} tokens; a max_tokens cap would have cut ${count(t.degrade_cap_withheld)} of them (stripped reasoning is not in the log)`,
    `Released (refused before, served now): ${count(t.released_requests)} requests, at most ${count(t.released_tokens_at_most)} output tokens`,
  ];
}

function formatAffected(report: BacktestReport): string[] {
  const a = report.accounts;
  const c = report.clusters;
  const fp = report.likely_false_positives;
  const lines = [
    `Accounts newly affected (a user-visible action): ${count(a.newly_affected)}; released: ${count(a.released)}`,
    `Clusters newly affected: ${count(c.newly_affected)}; released: ${count(c.released)}`,
    `Likely false positives (verified, allow-listed or declared-use accounts acted on more): ${count(fp.count)}`,
  ];
  if (fp.top.length > 0) lines.push(...keyTable(fp.top, true));
  if (a.newly_affected_top.length > 0)
    lines.push('', 'Newly affected accounts', ...keyTable(a.newly_affected_top, true));
  if (a.released_top.length > 0)
    lines.push('', 'Released accounts', ...keyTable(a.released_top, true));
  if (c.newly_affected_top.length > 0)
    lines.push('', 'Newly affected clusters', ...keyTable(c.newly_affected_top, false));
  if (a.dropped + c.dropped > 0)
    lines.push(
      `bounded memory: ${count(a.dropped)} accounts and ${count(c.dropped)} clusters with few changes were dropped from these tables (rows marked * may be partial)`,
    );
  return lines;
}

function keyTable(rows: readonly AffectedKey[], accounts: boolean): string[] {
  const header = [accounts ? 'account' : 'cluster'];
  if (accounts) header.push('tier');
  header.push('changed', 'visible before', 'visible after', 'tokens withheld');
  if (accounts) header.push('verified', 'allow-listed', 'declared use');
  return table(
    header,
    rows.map((row) => {
      const cells = [`${row.key}${row.partial ? '*' : ''}`];
      if (accounts) cells.push(row.tier ?? '–');
      cells.push(
        count(row.changed),
        count(row.visible_before),
        count(row.visible_after),
        count(row.tokens_withheld),
      );
      if (accounts)
        cells.push(
          row.verified ? 'yes' : 'no',
          row.allow_listed ? 'yes' : 'no',
          row.declared_use ?? '–',
        );
      return cells;
    }),
  );
}

function visible(counts: BacktestReport['actions']['before']): number {
  return counts.throttle + counts.degrade + counts.challenge + counts.block;
}

function signed(value: number): string {
  return value > 0 ? `+${count(value)}` : value < 0 ? `−${count(-value)}` : '0';
}
