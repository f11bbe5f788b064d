/**
 * A decision record as read back from a log, of any version the readers accept (2 to 9): the fields
 * of the current record (record.ts), with those a version lacked set to null (`cluster` before 3,
 * `degraded` before 4, `end_user`, `templates`, `activation` and `decoys` before 5,
 * `tokens_out_estimated` before 7, `harvest_shape` before 9), plus `time`, the `ts` already parsed, and `arrival`, read from
 * the request id. A v5 `end_user` (an unkeyed 32-bit number) reads as its decimal string: never
 * equal to a v6 pseudonym (16 hex characters), as the two name no user in common. The field list
 * below, in the order the serializer writes them, drives both the JSON fallback (parse-record.ts);
 * the fast scanner (scan-record.ts) follows the same order.
 */
import { parseTime } from './parse-time.ts';
import { arrivalOf } from '../util/request-id.ts';
import { RECORD_ACTIONS } from '../policy/decision.ts';
import type { DecisionRecord } from './record.ts';

export const OLDEST_READABLE_VERSION = 2;
export const NEWEST_READABLE_VERSION = 9;

export type LoggedRecord = Omit<DecisionRecord, 'v' | 'tokens_out_estimated'> & {
  readonly v: number;
  /** Null before v7 (not logged: a stream cut short logged the partial usage it reported). */
  readonly tokens_out_estimated: boolean | null;
  /** `ts` in ms since the epoch. */
  readonly time: number;
  /**
   * The request's place among its process's arrivals, from `request_id` (arrivalOf): orders
   * requests that started in the same millisecond.
   */
  readonly arrival: number;
};

/** How a field's value is read and checked. A `?` kind also accepts null. */
export type FieldKind =
  | 'string'
  | 'string?'
  | 'number'
  | 'number?'
  | 'end_user'
  | 'boolean?'
  | 'strings'
  | 'strings?'
  | 'templates'
  | 'factors'
  | 'shadow'
  | 'activation'
  | 'cluster'
  | 'decoys'
  | 'latency';

export interface FieldSpec {
  readonly name: keyof DecisionRecord;
  readonly kind: FieldKind;
  /** Fields added after version 2 may be absent (read as null). */
  readonly optional: boolean;
}

const field = (name: keyof DecisionRecord, kind: FieldKind, optional = false): FieldSpec => ({
  name,
  kind,
  optional,
});

/** Every record field in the serializer's order (serialize-record.ts). */
export const FIELDS: readonly FieldSpec[] = Object.freeze([
  field('v', 'number'),
  field('ts', 'string'),
  field('request_id', 'string'),
  field('account', 'string?'),
  field('org', 'string?'),
  field('tier', 'string?'),
  field('key_id', 'string?'),
  field('credential', 'string?'),
  field('account_age_days', 'number?'),
  field('verified', 'boolean?'),
  field('programme', 'string?'),
  field('declared_use', 'string?'),
  field('labels', 'strings'),
  field('client_ip_prefix', 'string'),
  field('method', 'string'),
  field('route', 'string?'),
  field('dialect', 'string?'),
  field('model', 'string?'),
  field('stream', 'boolean?'),
  field('max_tokens', 'number?'),
  field('messages', 'number?'),
  field('tools', 'number?'),
  field('thinking', 'boolean?'),
  field('choices', 'number?'),
  field('end_user', 'end_user', true),
  field('templates', 'templates', true),
  field('harvest_shape', 'number?', true),
  field('bytes_in', 'number?'),
  field('action', 'string'),
  field('mode', 'string'),
  field('rule', 'string?'),
  field('reason', 'string'),
  field('shadow', 'shadow'),
  field('policy_version', 'string?'),
  field('score', 'number'),
  field('factors', 'factors'),
  field('families', 'strings'),
  field('activation', 'activation', true),
  field('cluster', 'cluster', true),
  field('degraded', 'strings?', true),
  field('decoys', 'decoys', true),
  field('status', 'number?'),
  field('error', 'string?'),
  field('detail', 'string?'),
  field('outcome', 'string'),
  field('tokens_in', 'number?'),
  field('tokens_out', 'number?'),
  field('tokens_out_estimated', 'boolean?', true),
  field('bytes_out', 'number?'),
  field('latency_ms', 'latency'),
]);

const ACTIONS: ReadonlySet<string> = new Set(RECORD_ACTIONS);
const MODES = new Set(['enforce', 'shadow']);

/** What the kinds cannot check: the version, the time, the action and mode, the score. */
export function recordProblem(record: LoggedRecord): string | undefined {
  const v = record.v;
  if (!Number.isInteger(v) || v < OLDEST_READABLE_VERSION || v > NEWEST_READABLE_VERSION)
    return `unsupported record version ${String(v)}`;
  if (Number.isNaN(record.time)) return 'ts: not an ISO 8601 time';
  if (!ACTIONS.has(record.action)) return 'action: unknown action';
  if (!MODES.has(record.mode)) return 'mode: unknown mode';
  if (!(record.score >= 0 && record.score <= 1)) return 'score: not in [0, 1]';
  return undefined;
}

/** Field positions in FIELDS, by name. */
const I = Object.fromEntries(FIELDS.map((spec, index) => [spec.name, index])) as Record<
  keyof DecisionRecord,
  number
>;

/** The record from its values in FIELDS order (of the right kinds, checked by the caller). */
export function recordOf(values: readonly unknown[]): LoggedRecord {
  const r = (index: number): never => values[index] as never;
  return {
    v: r(I.v),
    time: parseTime(r(I.ts)),
    arrival: arrivalOf(r(I.request_id)),
    ts: r(I.ts),
    request_id: r(I.request_id),
    account: r(I.account),
    org: r(I.org),
    tier: r(I.tier),
    key_id: r(I.key_id),
    credential: r(I.credential),
    account_age_days: r(I.account_age_days),
    verified: r(I.verified),
    programme: r(I.programme),
    declared_use: r(I.declared_use),
    labels: r(I.labels),
    client_ip_prefix: r(I.client_ip_prefix),
    method: r(I.method),
    route: r(I.route),
    dialect: r(I.dialect),
    model: r(I.model),
    stream: r(I.stream),
    max_tokens: r(I.max_tokens),
    messages: r(I.messages),
    tools: r(I.tools),
    thinking: r(I.thinking),
    choices: r(I.choices),
    end_user: r(I.end_user),
    templates: r(I.templates),
    harvest_shape: r(I.harvest_shape),
    bytes_in: r(I.bytes_in),
    action: r(I.action),
    mode: r(I.mode),
    rule: r(I.rule),
    reason: r(I.reason),
    shadow: r(I.shadow),
    policy_version: r(I.policy_version),
    score: r(I.score),
    factors: r(I.factors),
    families: r(I.families),
    activation: r(I.activation),
    cluster: r(I.cluster),
    degraded: r(I.degraded),
    decoys: r(I.decoys),
    status: r(I.status),
    error: r(I.error),
    detail: r(I.detail),
    outcome: r(I.outcome),
    tokens_in: r(I.tokens_in),
    tokens_out: r(I.tokens_out),
    tokens_out_estimated: r(I.tokens_out_estimated),
    bytes_out: r(I.bytes_out),
    latency_ms: r(I.latency_ms),
  };
}
