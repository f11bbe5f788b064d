/**
 * Reads one decision-log line into a LoggedRecord: the fast scanner first (scan-record.ts), and
 * when the line is not in the serializer's exact shape, JSON.parse with a check of every field's
 * kind — which also names what is wrong with a line that is not a readable record. Problems never
 * quote the line (a damaged line may hold anything).
 */
import { FAMILIES } from '../detection/family-names.ts';
import {
  FIELDS,
  recordOf,
  recordProblem,
  type FieldKind,
  type LoggedRecord,
} from './logged-record.ts';
import { scanRecord } from './scan-record.ts';

/** The record, or the problem that makes the line unreadable. */
export function parseRecordLine(line: string): LoggedRecord | string {
  let record = scanRecord(line);
  if (record === undefined) {
    const values = parseValues(line);
    if (typeof values === 'string') return values;
    record = recordOf(values);
  }
  return recordProblem(record) ?? record;
}

/** JSON.parse, then each field checked against its kind; a string is the problem. */
export function parseValues(line: string): unknown[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return line.trimStart().startsWith('{') ? 'not JSON (truncated or damaged)' : 'not JSON';
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return 'not a JSON object';
  const object = parsed as Record<string, unknown>;
  if (typeof object['v'] !== 'number') return 'v: missing (not a decision record)';
  const values: unknown[] = [];
  for (const spec of FIELDS) {
    const value = object[spec.name];
    if (value === undefined && spec.optional) {
      values.push(null);
      continue;
    }
    const checked = check(spec.kind, value);
    if (checked === INVALID)
      return `${spec.name}: ${value === undefined ? 'missing' : 'malformed'}`;
    values.push(checked);
  }
  return values;
}

const INVALID = Symbol('invalid');
const NULLABLE: ReadonlySet<FieldKind> = new Set<FieldKind>([
  'string?',
  'end_user',
  'number?',
  'boolean?',
  'strings?',
  'shadow',
  'activation',
  'cluster',
  'decoys',
  'templates',
]);
type Checked = unknown;

const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);
const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function check(kind: FieldKind, value: unknown): Checked {
  if (value === null) return NULLABLE.has(kind) ? null : INVALID;
  switch (kind) {
    case 'string':
    case 'string?':
      return isString(value) ? value : INVALID;
    case 'number':
    case 'number?':
      return isNumber(value) ? value : INVALID;
    case 'boolean?':
      return typeof value === 'boolean' ? value : INVALID;
    case 'end_user': // v6: the pseudonym; v5: a 32-bit number, read as its decimal string
      return isString(value) ? value : isNumber(value) ? String(value) : INVALID;
    case 'strings':
    case 'strings?':
      return Array.isArray(value) && value.every(isString) ? value : INVALID;
    case 'factors':
      return Array.isArray(value) && value.every(isFactor) ? value : INVALID;
    case 'shadow':
      return isShadow(value) ? value : INVALID;
    case 'activation':
      return activation(value);
    case 'cluster':
      return isCluster(value) ? value : INVALID;
    case 'decoys':
      return isDecoys(value) ? value : INVALID;
    case 'latency':
      return isLatency(value) ? value : INVALID;
    case 'templates':
      return Array.isArray(value) && value.length === 3 && value.every(isNumber) ? value : INVALID;
  }
}

function isFactor(value: unknown): boolean {
  return (
    isObject(value) &&
    isString(value['signal']) &&
    isNumber(value['value']) &&
    isNumber(value['contribution'])
  );
}

function isShadow(value: unknown): boolean {
  return (
    isObject(value) &&
    isString(value['action']) &&
    (value['rule'] === null || isString(value['rule'])) &&
    isString(value['reason'])
  );
}

function isCluster(value: unknown): boolean {
  return (
    isObject(value) &&
    isString(value['id']) &&
    isString(value['link']) &&
    isNumber(value['accounts']) &&
    isNumber(value['risk']) &&
    typeof value['flagged'] === 'boolean' &&
    typeof value['specific'] === 'boolean'
  );
}

function isDecoys(value: unknown): boolean {
  return (
    isObject(value) &&
    isNumber(value['injected']) &&
    isNumber(value['intercepted']) &&
    (value['seen'] === null || isString(value['seen']))
  );
}

function isLatency(value: unknown): boolean {
  if (!isObject(value)) return false;
  return ['total', 'proxy', 'upstream', 'upstream_ttfb'].every(
    (key) => value[key] === null || isNumber(value[key]),
  );
}

/** Only the families this release knows, as plain own properties (never `__proto__`). */
function activation(value: unknown): Checked {
  if (!isObject(value)) return INVALID;
  const out: Record<string, number> = {};
  for (const family of FAMILIES) {
    const item = value[family];
    if (item === undefined) continue;
    if (!isNumber(item)) return INVALID;
    out[family] = item;
  }
  return out;
}
