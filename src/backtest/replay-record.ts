/**
 * The fields of a logged record a backtest reads: what the policy, limits and block memory saw,
 * the logged decision and how the request ended. A LoggedRecord is one; the pipelined reader
 * (record-batch.ts) rebuilds only these, so the fields a replay never reads (request id, `ts` as
 * text, decoys, degradations…) are not carried between threads.
 */
import type { LoggedRecord } from '../decision-log/logged-record.ts';

export const REPLAY_FIELDS = [
  'v',
  'time',
  'arrival',
  'account',
  'org',
  'tier',
  'key_id',
  'credential',
  'account_age_days',
  'verified',
  'programme',
  'declared_use',
  'labels',
  'client_ip_prefix',
  'route',
  'dialect',
  'model',
  'stream',
  'max_tokens',
  'messages',
  'tools',
  'thinking',
  'choices',
  'end_user',
  'templates',
  'harvest_shape',
  'bytes_in',
  'action',
  'rule',
  'reason',
  'shadow',
  'score',
  'factors',
  'families',
  'activation',
  'cluster',
  'status',
  'detail',
  'outcome',
  'tokens_in',
  'tokens_out',
  'tokens_out_estimated',
  'latency_ms',
] as const satisfies readonly (keyof LoggedRecord)[];

export type ReplayRecord = Pick<LoggedRecord, (typeof REPLAY_FIELDS)[number]>;
