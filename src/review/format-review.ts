/** The review report as text: a header, then one table per summary (src/util/text-table.ts). */
import { count, describeDamage, describeInput, span } from '../util/report-format.ts';
import { table } from '../util/text-table.ts';
import { ACTION_NAMES, type ActionCounts } from './action-counts.ts';
import type { AccountTimeline } from './account-timeline.ts';
import type { ReviewReport } from './review-report.ts';

export function formatReview(report: ReviewReport): string[] {
  const t = report.totals;
  const lines = [
    `review of ${describeInput(report.input)}`,
    ...describeFilter(report),
    `${count(t.requests)} requests${report.span.first === null ? '' : ` from ${report.span.first} to ${report.span.last}`}: ${actionList(t.actions)}; ${count(t.shadowed)} shadowed; ${count(t.stopped_in_flight)} answers stopped in flight; ${count(t.tokens_out)} output tokens served`,
    ...describeDamage(report.input),
  ];
  if (t.requests === 0) return [...lines, '', 'no request matches'];
  lines.push('', 'Top accounts by risk (peak score)', ...accountTable(report));
  if (report.clusters.length > 0) lines.push('', 'Top clusters by risk', ...clusterTable(report));
  lines.push(
    '',
    `Actions over time (${span(report.series.bucket_ms)} buckets)`,
    ...table(
      ['start', 'requests', ...ACTION_NAMES, 'shadowed', 'tokens out'],
      report.series.buckets.map((b) => [
        b.start,
        count(b.requests),
        ...ACTION_NAMES.map((name) => count(b.actions[name])),
        count(b.shadowed),
        count(b.tokens_out),
      ]),
    ),
  );
  if (report.factors.length > 0)
    lines.push(
      '',
      `Factors behind ${count(report.decisions)} policy actions (observe to block)`,
      ...table(
        ['factor', 'family', 'present', 'largest', 'mean contribution'],
        report.factors.map((f) => [
          f.signal,
          f.family,
          count(f.decisions),
          count(f.top),
          f.mean_contribution.toFixed(3),
        ]),
      ),
    );
  if (report.rules.length > 0)
    lines.push(
      '',
      'Rules',
      ...table(
        ['rule', 'decisions', '429', 'shadowed', 'would 429', 'accounts', 'reasons'],
        report.rules.map((r) => [
          r.rule,
          actionList(r.actions),
          count(r.refusals),
          count(r.shadowed),
          count(r.shadow_refusals),
          `${count(r.accounts)}${r.accounts_capped ? '+' : ''}`,
          r.reasons.join(' '),
        ]),
      ),
    );
  if (report.timeline !== null) lines.push('', ...formatTimeline(report.timeline));
  const b = report.bounds;
  if (b.accounts_dropped + b.clusters_dropped > 0)
    lines.push(
      '',
      `bounded memory: ${count(b.accounts_dropped)} low-risk accounts and ${count(b.clusters_dropped)} clusters were dropped from the tables (totals and time series count every request; rows marked * may be partial)`,
    );
  return lines;
}

function describeFilter(report: ReviewReport): string[] {
  const parts = Object.entries(report.filter)
    .filter(([, value]) => value !== null)
    .map(([key, value]) => `${key} ${Array.isArray(value) ? value.join(',') : String(value)}`);
  return parts.length === 0 ? [] : [`filter: ${parts.join(' · ')}`];
}

/** The non-zero actions: "allow 423 · block 262". */
function actionList(actions: ActionCounts): string {
  const parts = ACTION_NAMES.filter((name) => actions[name] > 0).map(
    (name) => `${name} ${count(actions[name])}`,
  );
  return parts.length === 0 ? 'none' : parts.join(' · ');
}

function accountTable(report: ReviewReport): string[] {
  return table(
    [
      'account',
      'tier',
      'verified',
      'declared',
      'requests',
      'max',
      'mean',
      'actions',
      'top rule',
      'top factor',
      'cluster',
    ],
    report.accounts.map((a) => [
      `${a.account}${a.partial ? '*' : ''}`,
      a.tier ?? '–',
      a.verified === null ? '–' : a.verified ? 'yes' : 'no',
      a.declared_use ?? '–',
      count(a.requests),
      a.max_score.toFixed(3),
      a.mean_score.toFixed(3),
      actionList(a.actions),
      a.rules[0]?.name ?? '–',
      a.factors[0]?.name ?? '–',
      a.cluster?.id ?? '–',
    ]),
  );
}

function clusterTable(report: ReviewReport): string[] {
  return table(
    ['cluster', 'link', 'flagged', 'max risk', 'accounts', 'requests', 'actions', 'tokens out'],
    report.clusters.map((c) => [
      `${c.id}${c.partial ? '*' : ''}`,
      c.link,
      c.flagged ? 'yes' : 'no',
      c.max_risk.toFixed(3),
      `${count(c.accounts)}${c.accounts_capped ? '+' : ''} (proxy: ${count(c.accounts_estimate)})`,
      count(c.requests),
      actionList(c.actions),
      count(c.tokens_out),
    ]),
  );
}

export function formatTimeline(timeline: AccountTimeline): string[] {
  const head = `Timeline of ${timeline.account}: ${count(timeline.requests)} requests, ${count(timeline.allowed)} allowed without remark, ${count(timeline.events.length + timeline.omitted)} others`;
  if (timeline.events.length === 0) return [head];
  return [
    head +
      (timeline.omitted > 0 ? ` (the ${count(timeline.events.length)} most recent listed)` : ''),
    ...table(
      [
        'time',
        'request',
        'action',
        'rule',
        'reason',
        'score',
        'families',
        'factors (largest first)',
        'cluster',
      ],
      timeline.events.map((e) => [
        e.ts,
        e.request_id,
        e.mode === 'shadow' && e.shadow !== null
          ? `${e.action} (shadow: ${e.shadow.action})`
          : e.action,
        e.rule ?? e.shadow?.rule ?? '–',
        e.reason,
        e.score.toFixed(3),
        e.families.join(',') || '–',
        e.factors
          .slice(0, 3)
          .map((f) => `${f.signal}=${f.value} (+${f.contribution})`)
          .join(' ') || '–',
        e.cluster === null
          ? '–'
          : `${e.cluster.id} ${e.cluster.link} ${e.cluster.risk}${e.cluster.flagged ? ' flagged' : ''}`,
      ]),
    ),
  ];
}
