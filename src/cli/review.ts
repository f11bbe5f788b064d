/**
 * `distillguard review --log FILE… [filters] [--json]`: summaries of decision logs for a security
 * reviewer (src/review/). Exit codes: see log-command.ts.
 */
import { parseDuration } from '../config/units.ts';
import { ACTION_NAMES } from '../review/action-counts.ts';
import { REVIEW_DEFAULTS, type ReviewOptions } from '../review/create-review.ts';
import { formatReview } from '../review/format-review.ts';
import type { ReviewFilter } from '../review/review-filter.ts';
import { defaultThreads, reviewLogs } from '../review/review-logs.ts';
import {
  describeError,
  EXIT,
  parseCommandArgs,
  parseTimeBound,
  positiveInt,
  reportInputProblems,
} from './log-command.ts';

export const REVIEW_USAGE = `usage: distillguard review --log FILE [--log FILE]… [FILE…]
         [--since TIME] [--until TIME] [--account A] [--cluster ID] [--action A[,B]] [--rule R]
         [--top 20] [--bucket 1h] [--limit 1000] [--threads N] [--json]
  TIME: ISO 8601 (2026-12-01T10:00:00Z) or a duration before now (24h)`;

interface ReviewArgs {
  readonly files: readonly string[];
  readonly options: ReviewOptions;
  readonly threads: number;
  readonly json: boolean;
}

export function parseReviewArgs(argv: readonly string[], now: number): ReviewArgs | string {
  const parsed = parseCommandArgs(argv, {
    log: { type: 'string', multiple: true },
    since: { type: 'string' },
    until: { type: 'string' },
    account: { type: 'string' },
    cluster: { type: 'string' },
    action: { type: 'string' },
    rule: { type: 'string' },
    top: { type: 'string' },
    bucket: { type: 'string' },
    limit: { type: 'string' },
    threads: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (typeof parsed === 'string') return parsed;
  const { values, positionals } = parsed;
  const files = [...(values.log ?? []), ...positionals];
  if (files.length === 0) return 'name at least one log with --log FILE';
  const filter: { -readonly [K in keyof ReviewFilter]: ReviewFilter[K] } = {};
  for (const key of ['since', 'until'] as const) {
    const text = values[key];
    if (text === undefined) continue;
    const bound = parseTimeBound(text, now);
    if (typeof bound === 'string') return `--${key}: ${bound}`;
    filter[key] = bound;
  }
  if (values.account !== undefined) filter.account = values.account;
  if (values.cluster !== undefined) filter.cluster = values.cluster;
  if (values.rule !== undefined) filter.rule = values.rule;
  if (values.action !== undefined) {
    const actions = values.action.split(',').map((item) => item.trim());
    const unknown = actions.filter((item) => !(ACTION_NAMES as readonly string[]).includes(item));
    if (unknown.length > 0)
      return `--action: unknown action ${unknown.join(', ')} (known: ${ACTION_NAMES.join(', ')})`;
    filter.actions = actions;
  }
  const top = positiveInt(values.top, REVIEW_DEFAULTS.top);
  const limit = positiveInt(values.limit, REVIEW_DEFAULTS.timelineLimit);
  if (top === undefined) return `--top: expected a positive integer, got "${values.top}"`;
  if (limit === undefined) return `--limit: expected a positive integer, got "${values.limit}"`;
  const threads = positiveInt(values.threads, defaultThreads());
  if (threads === undefined || threads > 64)
    return `--threads: expected an integer from 1 to 64, got "${values.threads}"`;
  const bucketMs = values.bucket === undefined ? undefined : parseDuration(values.bucket);
  if (values.bucket !== undefined && !(bucketMs !== undefined && bucketMs >= 1000))
    return `--bucket: expected a duration of at least 1s like 5m or 1h, got "${values.bucket}"`;
  return {
    files,
    threads,
    json: values.json,
    options: { filter, top, timelineLimit: limit, ...(bucketMs === undefined ? {} : { bucketMs }) },
  };
}

export async function review(
  argv: readonly string[],
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const args = parseReviewArgs(argv, Date.now());
  if (typeof args === 'string') {
    err(`distillguard review: ${args}`);
    err(REVIEW_USAGE);
    return EXIT.usage;
  }
  let outcome;
  try {
    outcome = await reviewLogs(args.files, args.options, Date.now, { threads: args.threads });
  } catch (error) {
    err(`distillguard review: reading failed: ${describeError(error)}`);
    return EXIT.noInput;
  }
  if (!outcome.ok) {
    err(`distillguard review: ${outcome.message}`);
    return EXIT.noInput;
  }
  const report = outcome.report;
  const code = reportInputProblems('review', report.input, args.files, err);
  if (code === EXIT.noInput) return code;
  if (args.json) out(JSON.stringify(report, null, 2));
  else for (const line of formatReview(report)) out(line);
  return code;
}
