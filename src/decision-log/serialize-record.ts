/**
 * Serialises a decision record to its NDJSON line, written straight as UTF-8 bytes (through
 * line-writer.ts) in the record's fixed order: JSON.stringify would walk a 40-field object
 * generically on every request. The line is byte for byte JSON.stringify's of the record (property
 * tests: hostile strings, unicode, undefined fields).
 *
 * Why bytes and not a string: building the line from ~60 concatenated pieces and encoding it
 * left ~3 KB of short-lived strings per request (the pieces, then the flattened copy). In
 * isolation the two cost about the same (2.3 µs against 2.0 µs on a 975-byte record), but under
 * load the garbage is paid in scavenges: side by side (loadtest/side-by-side.ts --baseline) the
 * bytes took 2–4 % less CPU per request at load average 4, none resolved on a quiet machine
 * (loadtest/RESULTS.md, "Hot path").
 */
import { FAMILIES } from '../detection/detection-schema.ts';
import type { Factor } from '../detection/score.ts';
import type { DecisionRecord } from './record.ts';
import { LineWriter } from './line-writer.ts';

const writer = new LineWriter();

/** `[{"signal":…,"value":…,"contribution":…},…]`: the score's factors, in its order. */
function factors(w: LineWriter, value: readonly Factor[]): void {
  w.raw('[');
  for (let i = 0; i < value.length; i++) {
    if (i > 0) w.raw(',');
    const f = value[i];
    if (f == null) {
      w.raw('null');
      continue;
    }
    w.open();
    w.strField('"signal":', f.signal);
    w.numField('"value":', f.value);
    w.numField('"contribution":', f.contribution);
    w.close();
  }
  w.raw(']');
}

/** `"family":` for each family, quoted once (the activation keys are always these). */
const FAMILY_KEYS: ReadonlyMap<string, string> = new Map(
  FAMILIES.map((family) => [family, `${JSON.stringify(family)}:`]),
);

/** `{"family":activation,…}`: a handful of keys, written in the score's order. */
function activation(w: LineWriter, value: DecisionRecord['activation']): void {
  if (value === null) {
    w.raw('null');
    return;
  }
  w.open();
  for (const key in value) {
    const item = value[key as keyof typeof value];
    if (item === undefined) continue;
    const known = FAMILY_KEYS.get(key);
    if (known !== undefined) w.key(known);
    else w.key(`${JSON.stringify(key)}:`, false);
    w.num(item);
  }
  w.close();
}

// The nested objects' fields (module functions: nothing is allocated per record).
function shadowFields(w: LineWriter, s: NonNullable<DecisionRecord['shadow']>): void {
  w.strField('"action":', s.action);
  w.strField('"rule":', s.rule);
  w.strField('"reason":', s.reason);
}

function clusterFields(w: LineWriter, c: NonNullable<DecisionRecord['cluster']>): void {
  w.strField('"id":', c.id);
  w.strField('"link":', c.link);
  w.numField('"accounts":', c.accounts);
  w.numField('"risk":', c.risk);
  w.boolField('"flagged":', c.flagged);
  w.boolField('"specific":', c.specific);
}

function decoyFields(w: LineWriter, d: NonNullable<DecisionRecord['decoys']>): void {
  w.numField('"injected":', d.injected);
  w.numField('"intercepted":', d.intercepted);
  w.strField('"seen":', d.seen);
}

function latencyFields(w: LineWriter, l: DecisionRecord['latency_ms']): void {
  w.numField('"total":', l.total);
  w.numField('"proxy":', l.proxy);
  w.numField('"upstream":', l.upstream);
  w.numField('"upstream_ttfb":', l.upstream_ttfb);
}

/** Partial: a field that is undefined is left out, as JSON.stringify leaves it out. */
function write(w: LineWriter, r: Partial<DecisionRecord>): void {
  w.open();
  w.numField('"v":', r.v);
  w.strField('"ts":', r.ts);
  w.strField('"request_id":', r.request_id);
  w.strField('"account":', r.account);
  w.strField('"org":', r.org);
  w.strField('"tier":', r.tier);
  w.strField('"key_id":', r.key_id);
  w.strField('"credential":', r.credential);
  w.numField('"account_age_days":', r.account_age_days);
  w.boolField('"verified":', r.verified);
  w.strField('"programme":', r.programme);
  w.strField('"declared_use":', r.declared_use);
  if (r.labels !== undefined) {
    w.key('"labels":');
    w.strings(r.labels);
  }
  w.strField('"client_ip_prefix":', r.client_ip_prefix);
  w.strField('"method":', r.method);
  w.strField('"route":', r.route);
  w.strField('"dialect":', r.dialect);
  w.strField('"model":', r.model);
  w.boolField('"stream":', r.stream);
  w.numField('"max_tokens":', r.max_tokens);
  w.numField('"messages":', r.messages);
  w.numField('"tools":', r.tools);
  w.boolField('"thinking":', r.thinking);
  w.numField('"choices":', r.choices);
  w.strField('"end_user":', r.end_user);
  const t = r.templates;
  if (t !== undefined) {
    w.key('"templates":');
    if (t === null) w.raw('null');
    else {
      w.raw('[');
      w.num(t[0]);
      w.raw(',');
      w.num(t[1]);
      w.raw(',');
      w.num(t[2]);
      w.raw(']');
    }
  }
  w.numField('"harvest_shape":', r.harvest_shape);
  w.numField('"bytes_in":', r.bytes_in);
  w.strField('"action":', r.action);
  w.strField('"mode":', r.mode);
  w.strField('"rule":', r.rule);
  w.strField('"reason":', r.reason);
  w.objectField('"shadow":', r.shadow, shadowFields);
  w.strField('"policy_version":', r.policy_version);
  w.numField('"score":', r.score);
  if (r.factors !== undefined) {
    w.key('"factors":');
    factors(w, r.factors);
  }
  if (r.families !== undefined) {
    w.key('"families":');
    w.strings(r.families);
  }
  if (r.activation !== undefined) {
    w.key('"activation":');
    activation(w, r.activation);
  }
  w.objectField('"cluster":', r.cluster, clusterFields);
  if (r.degraded !== undefined) {
    w.key('"degraded":');
    if (r.degraded === null) w.raw('null');
    else w.strings(r.degraded);
  }
  w.objectField('"decoys":', r.decoys, decoyFields);
  w.numField('"status":', r.status);
  w.strField('"error":', r.error);
  w.strField('"detail":', r.detail);
  w.strField('"outcome":', r.outcome);
  w.numField('"tokens_in":', r.tokens_in);
  w.numField('"tokens_out":', r.tokens_out);
  w.boolField('"tokens_out_estimated":', r.tokens_out_estimated);
  w.numField('"bytes_out":', r.bytes_out);
  w.objectField('"latency_ms":', r.latency_ms, latencyFields);
  w.close();
}

/**
 * The record's line as UTF-8 bytes (without the newline): a view of a buffer reused by the next
 * call, so the caller copies it before serialising another record.
 */
export function encodeDecisionRecord(record: DecisionRecord): Buffer {
  writer.reset();
  write(writer, record);
  return writer.bytes.subarray(0, writer.at);
}

/** The record's line as a string (what JSON.stringify(record) gives). */
export function serializeDecisionRecord(record: DecisionRecord): string {
  return encodeDecisionRecord(record).toString('utf8');
}
