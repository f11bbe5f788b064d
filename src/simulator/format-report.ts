/** The report as aligned text tables: a summary and the targets, or (full) every breakdown. */
import { table } from '../util/text-table.ts';
import { percent, type Evaluation, type FirstAction, type Report } from './report.ts';

export interface RunSummary {
  readonly scenario: string;
  readonly seed: number;
  readonly scale: number;
  readonly duration: number;
  readonly elapsed: number;
}

export function formatReport(report: Report, run: RunSummary, full: boolean): string[] {
  const lines: string[] = [];
  const e = report.enforced;
  lines.push(
    `scenario ${run.scenario} · seed ${run.seed} · scale ${run.scale} · ${seconds(run.duration)} ` +
      `(${seconds(run.elapsed)} wall) · ${report.requests} requests, ${report.unmatched} without a decision record`,
    `HTTP statuses: ${Object.entries(report.statuses)
      .map(([status, count]) => `${status} ×${count}`)
      .join(', ')}`,
    '',
    ...table(
      ['', 'precision', 'recall', 'TP', 'FP', 'FN', 'TN'],
      [
        ['accounts', ...confusionCells(e.accounts)],
        ['requests', ...confusionCells(e.requests)],
      ],
    ),
    '',
    ...table(
      ['target', 'value', 'result'],
      report.targets.map((t) => [t.target, t.value, t.pass ? 'PASS' : 'FAIL']),
    ),
  );
  const shadowOnly =
    report.shadow.accounts.tp + report.shadow.accounts.fp - e.accounts.tp - e.accounts.fp;
  if (shadowOnly > 0)
    lines.push(
      '',
      `shadow (enforce + shadowed rules): ${report.shadow.accounts.tp + report.shadow.accounts.fp} accounts would be actioned`,
      ...table(
        ['target (shadow)', 'value', 'result'],
        report.shadowTargets.map((t) => [t.target, t.value, t.pass ? 'PASS' : 'FAIL']),
      ),
    );
  if (full) lines.push(...details(e, 'enforced'));
  if (full && shadowOnly > 0) lines.push(...details(report.shadow, 'shadow'));
  return lines;
}

function details(e: Evaluation, label: string): string[] {
  return [
    '',
    `actors (${label})`,
    ...table(
      [
        'actor',
        'persona',
        'role',
        'accounts',
        'actioned',
        'caught',
        'requests',
        'actioned req',
        'first action req med/p90',
        's med/p90',
      ],
      e.actors.map((a) => [
        a.name,
        a.persona,
        a.role,
        String(a.activeAccounts),
        a.activeAccounts === 0 ? '-' : `${a.actionedAccounts} (${percent(a.actionedShare)})`,
        a.caught === null ? '' : a.caught ? 'yes' : 'no',
        String(a.requests),
        `${a.actionedRequests} (${percent(a.requests === 0 ? null : a.actionedRequests / a.requests)})`,
        a.firstAction && a.firstAction.accounts > 0 ? requestsCell(a.firstAction) : '',
        a.firstAction && a.firstAction.accounts > 0 ? secondsCell(a.firstAction) : '',
      ]),
    ),
    '',
    `personas (${label})`,
    ...table(
      [
        'persona',
        'role',
        'accounts',
        'actioned',
        'first action req med/p90',
        's med/p90',
        'missed',
      ],
      e.personas.map((p) => [
        p.persona,
        p.role,
        String(p.activeAccounts),
        `${p.actionedAccounts} (${percent(p.actionedShare)})`,
        p.firstAction ? requestsCell(p.firstAction) : '',
        p.firstAction ? secondsCell(p.firstAction) : '',
        p.firstAction ? String(p.firstAction.missed) : '',
      ]),
    ),
    `all distiller accounts: first action after ${requestsCell(e.firstAction)} requests, ` +
      `${secondsCell(e.firstAction)} s (median/p90); ${e.firstAction.missed} of ${e.firstAction.accounts} never actioned`,
    `legitimate accounts actioned: ${e.legitimate.actionedAccounts}/${e.legitimate.activeAccounts} ` +
      `(${percent(e.legitimate.actionedShare)}), declared-use: ${e.legitimate.declaredUseActioned}`,
    `of the accounts actioned, refused or degraded at least once (more than a throttle's budget ` +
      `they stayed within): distiller ${e.felt.distillerAccounts} of ${e.accounts.tp}, ` +
      `legitimate ${e.felt.legitimateAccounts} of ${e.legitimate.actionedAccounts}`,
    '',
    ...campaignTable(e.campaigns, label),
    '',
    `factors in actioned decisions: ${list(e.factors)}`,
    `families in actioned decisions: ${list(e.families)}`,
  ];
}

function confusionCells(c: Evaluation['accounts']): string[] {
  return [
    percent(c.precision),
    percent(c.recall),
    String(c.tp),
    String(c.fp),
    String(c.fn),
    String(c.tn),
  ];
}

function requestsCell(f: FirstAction): string {
  return `${f.medianRequests ?? 'never'}/${f.p90Requests ?? 'never'}`;
}

function secondsCell(f: FirstAction): string {
  const s = (value: number | null): string => (value === null ? 'never' : value.toFixed(1));
  return `${s(f.medianSeconds)}/${s(f.p90Seconds)}`;
}

function list(items: readonly { name: string; count: number }[]): string {
  return items.length === 0
    ? '(none)'
    : items.map((item) => `${item.name} ×${item.count}`).join(', ');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/**
 * Campaigns' served output. The harvest columns (cover requests left out) only when a campaign
 * mixes cover in; the shares the target reads count every request.
 */
function campaignTable(campaigns: Evaluation['campaigns'], label: string): string[] {
  const cover = campaigns.some((c) => c.coverRequests > 0);
  return [
    `campaign output tokens served — every served request counts, after an action too; ` +
      `"before action" only those served before their account's first action (${label}), ` +
      `"first requests" those of them served on an account's first request in the run` +
      (cover
        ? '; "harvest" columns: the same over its harvest alone, its cover requests left out'
        : ''),
    ...table(
      [
        'campaign',
        'served req',
        'served tokens',
        'refused req',
        'served share',
        'before action',
        'first requests',
        ...(cover ? ['cover req', 'harvest served', 'harvest before action'] : []),
      ],
      campaigns.map((c) => [
        c.campaign,
        String(c.servedRequests),
        String(c.servedTokens),
        String(c.refusedRequests),
        percent(c.servedShare),
        percent(c.servedBeforeActionShare),
        percent(c.servedOnFirstRequestShare),
        ...(cover
          ? [
              String(c.coverRequests),
              percent(c.harvestServedShare),
              percent(c.harvestServedBeforeActionShare),
            ]
          : []),
      ]),
    ),
  ];
}
