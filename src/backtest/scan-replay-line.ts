/**
 * The backtest's lean reader of a decision-log line: it reads the line's bytes in place (no
 * decoding the line to a string), follows the serializer's layout as the record scanner does
 * (scan-record.ts), and builds only the ReplayRecord — the fields a replay never reads are checked
 * and skipped, never copied. Strings come from a bounded table keyed by their bytes (ByteStrings):
 * an account, a rule or a cluster seen before is the same string object again, not a new one per
 * record, which spares the garbage collector most of a record and lets the replay's maps find
 * their keys at once.
 *
 * It only ever accepts a line the record scanner would read to the same values: it is stricter
 * (every key byte compared, escapes anywhere, a byte past ASCII in a value it keeps, a time not in
 * the proxy's own layout, spaces after the record, any record readLogs would call damaged) and
 * returns undefined for everything else, which readLogs then reads as before (parseRecordLine) —
 * so what a backtest counts as damaged, and why, does not change. A test compares both readers on
 * varied lines and the reports of both.
 */
import { isAscii } from 'node:buffer';
import { FAMILIES } from '../detection/family-names.ts';
import type { Activation, ClusterRef, Factor } from '../detection/score.ts';
import { RECORD_ACTIONS } from '../policy/decision.ts';
import { NEWEST_READABLE_VERSION, OLDEST_READABLE_VERSION } from '../decision-log/logged-record.ts';
import {
  CLOSE,
  CLOSE_LIST,
  COLON,
  COMMA,
  JsonCursor,
  MISMATCH,
  NONE,
  OPEN,
  OPEN_LIST,
  QUOTE,
} from '../decision-log/json-cursor.ts';
import { RecentValues } from '../decision-log/recent-values.ts';
import { arrivalIn } from '../util/request-id.ts';
import type { ReplayRecord } from './replay-record.ts';
import { KEY_ID, ORG, ownSlice, TextTable } from './text-table.ts';

const FAMILY_NAMES: ReadonlySet<string> = new Set(FAMILIES);
const ACTIONS: ReadonlySet<string> = new Set(RECORD_ACTIONS);
const MODES: ReadonlySet<string> = new Set(['enforce', 'shadow']);

/**
 * Bytes decoded at once: many lines per decoding, and a string small enough for V8's young
 * generation (a string past 128 KB is allocated apart, mapped and unmapped each time: measured
 * 20 to 50 times slower to make than one of 64 KB).
 */
const PIECE_BYTES = 64 * 1024;

/** One backtest's lean reader: its string table and the day its times were last in. */
export class ReplayLineScanner extends JsonCursor {
  private readonly table: TextTable | undefined;
  /** Where the table keeps the record's account (-1: none logged). */
  private accountAt = -1;
  /** Fields with few distinct values (as scan-record.ts keeps them). */
  private readonly recent = {
    tier: new RecentValues(16),
    credential: new RecentValues(4),
    programme: new RecentValues(16),
    declared_use: new RecentValues(16),
    label: new RecentValues(32),
    route: new RecentValues(16),
    dialect: new RecentValues(4),
    model: new RecentValues(16),
    action: new RecentValues(8),
    mode: new RecentValues(2),
    rule: new RecentValues(32),
    reason: new RecentValues(32),
    family: new RecentValues(10),
    outcome: new RecentValues(8),
    detail: new RecentValues(32),
    signal: new RecentValues(48),
    link: new RecentValues(16),
  };
  /** The bytes of the text scanned, from `shift`. */
  private buf: Buffer = Buffer.alloc(0);
  private shift = 0;
  /** The chunk a piece is of, the piece's bytes [from, to), its text (ASCII only), next `\\`. */
  private chunk: Buffer | undefined;
  private from = 0;
  private to = 0;
  private piece: string | undefined;
  private nextEscape = -1;
  private lastDay = -1;
  private lastDayMs = Number.NaN;

  /**
   * `kept`: strings of many values (accounts, orgs, key ids, clusters, addresses) come from the
   * table or are copies of their own — records that the caller keeps (a re-sorting window). Else
   * they are slices of the scanned text (kept alive by the record): for a caller that copies them
   * at once (the two-thread reader joins them into its batch's text).
   */
  constructor(kept = true) {
    // The text scanned (JsonCursor's s, p, end) is a piece of a chunk (when it is ASCII) or one
    // line's, set by each scan.
    super('');
    this.table = kept ? new TextTable() : undefined;
  }

  /** The record on `buf[start, end)`, or undefined: then the line is readLogs' to read as before. */
  scan(buf: Buffer, start: number, end: number): ReplayRecord | undefined {
    if (end - start > PIECE_BYTES) return undefined;
    if (buf !== this.chunk || start < this.from || end > this.to) this.decode(buf, start);
    let text = this.piece;
    if (text !== undefined) {
      this.shift = this.from;
      this.p = start - this.from;
      this.end = end - this.from;
      // The record scanner leaves any line with a backslash to JSON.parse: so does this one.
      if (this.nextEscape < this.p) {
        const found = text.indexOf('\\', this.p);
        this.nextEscape = found === -1 ? Number.POSITIVE_INFINITY : found;
      }
      if (this.nextEscape < this.end) return undefined;
    } else {
      // A piece with other bytes: its ASCII lines one by one, the others as before.
      if (!isAscii(buf.subarray(start, end))) return undefined;
      text = buf.toString('utf8', start, end);
      if (text.indexOf('\\') !== -1) return undefined;
      this.shift = start;
      this.p = 0;
      this.end = end - start;
    }
    this.s = text;
    this.buf = buf;
    try {
      return this.record();
    } catch (error) {
      if (error === MISMATCH) return undefined;
      throw error;
    }
  }

  /**
   * One decoding for the lines of a piece of the chunk from `start`, not one per line: ASCII bytes
   * are their text, one to one (a line's offsets in bytes are its offsets in the text).
   */
  private decode(buf: Buffer, start: number): void {
    this.chunk = buf;
    this.from = start;
    this.to = Math.min(buf.length, start + PIECE_BYTES);
    const bytes = buf.subarray(this.from, this.to);
    this.piece = isAscii(bytes) ? bytes.toString('latin1') : undefined;
    this.nextEscape = -1;
  }

  /** The fields in the serializer's order, as scan-record.ts reads them. */
  private record(): ReplayRecord {
    this.key('{"v":');
    const v = this.number();
    this.key(',"ts":');
    const time = this.time();
    this.key(',"request_id":');
    const arrival = this.arrival();
    const account = this.strN(',"account":');
    this.accountAt = account === null || this.table === undefined ? -1 : this.table.at;
    const org = this.companionN(',"org":', ORG);
    const tier = this.strN(',"tier":', this.recent.tier);
    const key_id = this.companionN(',"key_id":', KEY_ID);
    const credential = this.strN(
      ',"credential":',
      this.recent.credential,
    ) as ReplayRecord['credential'];
    const account_age_days = this.numN(',"account_age_days":');
    const verified = this.boolN(',"verified":');
    const programme = this.strN(',"programme":', this.recent.programme);
    const declared_use = this.strN(',"declared_use":', this.recent.declared_use);
    this.key(',"labels":');
    const labels = this.strings(this.recent.label);
    this.key(',"client_ip_prefix":');
    const client_ip_prefix = this.ownString();
    this.key(',"method":');
    this.skipString();
    const route = this.strN(',"route":', this.recent.route);
    const dialect = this.strN(',"dialect":', this.recent.dialect);
    const model = this.strN(',"model":', this.recent.model);
    const stream = this.boolN(',"stream":');
    const max_tokens = this.numN(',"max_tokens":');
    const messages = this.numN(',"messages":');
    const tools = this.numN(',"tools":');
    const thinking = this.boolN(',"thinking":');
    const choices = this.numN(',"choices":');
    const end_user = this.has(',"end_user":') && !this.null() ? this.endUser() : null;
    const templates = this.has(',"templates":') && !this.null() ? this.templates() : null;
    const harvest_shape = this.optionalNum(',"harvest_shape":');
    const bytes_in = this.numN(',"bytes_in":') as number;
    this.key(',"action":');
    const action = this.string(this.recent.action) as ReplayRecord['action'];
    this.key(',"mode":');
    const mode = this.string(this.recent.mode);
    const rule = this.strN(',"rule":', this.recent.rule);
    this.key(',"reason":');
    const reason = this.string(this.recent.reason);
    this.key(',"shadow":');
    const shadow = this.null() ? null : this.shadow();
    this.key(',"policy_version":');
    if (!this.null()) this.skipString();
    this.key(',"score":');
    const score = this.number();
    this.key(',"factors":');
    const factors = this.factors();
    this.key(',"families":');
    const families = this.strings(this.recent.family);
    const activation = this.has(',"activation":') && !this.null() ? this.activation() : null;
    const cluster = this.has(',"cluster":') && !this.null() ? this.cluster() : null;
    if (this.has(',"degraded":') && !this.null()) this.skipStrings();
    if (this.has(',"decoys":') && !this.null()) this.skipDecoys();
    const status = this.numN(',"status":') as number;
    this.key(',"error":');
    if (!this.null()) this.skipString();
    this.key(',"detail":');
    const detail = this.null() ? null : this.string(this.recent.detail);
    this.key(',"outcome":');
    const outcome = this.string(this.recent.outcome) as ReplayRecord['outcome'];
    const tokens_in = this.numN(',"tokens_in":');
    const tokens_out = this.numN(',"tokens_out":');
    const tokens_out_estimated = this.optionalBool(',"tokens_out_estimated":');
    this.numN(',"bytes_out":');
    this.key(',"latency_ms":');
    const latency_ms = this.latency();
    this.expect(CLOSE);
    // Spaces after the record, and every record readLogs would call damaged (recordProblem):
    // left to the reader that says what is wrong.
    if (
      this.p !== this.end ||
      !Number.isInteger(v) ||
      v < OLDEST_READABLE_VERSION ||
      v > NEWEST_READABLE_VERSION ||
      !ACTIONS.has(action) ||
      !MODES.has(mode) ||
      !(score >= 0 && score <= 1)
    )
      throw MISMATCH;
    // In REPLAY_FIELDS order: the shape record-batch.ts rebuilds.
    return {
      v,
      time,
      arrival,
      account,
      org,
      tier,
      key_id,
      credential,
      account_age_days,
      verified,
      programme,
      declared_use,
      labels,
      client_ip_prefix,
      route,
      dialect,
      model,
      stream,
      max_tokens,
      messages,
      tools,
      thinking,
      choices,
      end_user,
      templates,
      harvest_shape,
      bytes_in,
      action,
      rule,
      reason,
      shadow,
      score,
      factors,
      families,
      activation,
      cluster,
      status,
      detail,
      outcome,
      tokens_in,
      tokens_out,
      tokens_out_estimated,
      latency_ms,
    };
  }

  /** A string value, from the field's recent values or else the table. */
  protected override string(values?: RecentValues): string {
    this.expect(QUOTE);
    const start = this.p;
    const close = this.s.indexOf('"', start);
    if (close === -1 || close >= this.end) throw MISMATCH;
    this.p = close + 1;
    if (values !== undefined) return values.get(this.s, start, close);
    return this.table === undefined
      ? this.s.slice(start, close)
      : this.table.get(this.s, start, close, this.buf, this.shift);
  }

  /** A string value or null that usually repeats the account's last (TextTable.companion). */
  private companionN(key: string, which: number): string | null {
    this.key(key);
    if (this.null()) return null;
    // Read before string() moves the table on.
    const at = this.accountAt;
    if (at === -1) return this.string();
    this.expect(QUOTE);
    const start = this.p;
    const close = this.s.indexOf('"', start);
    if (close === -1 || close >= this.end) throw MISMATCH;
    this.p = close + 1;
    return (this.table as TextTable).companion(
      at,
      which,
      this.s,
      start,
      close,
      this.buf,
      this.shift,
    );
  }

  /**
   * v6: the end user's pseudonym, a copy: the replay only joins it into a block key (a new string
   * whatever this one is), and most are seen too seldom to earn a place in the table.
   */
  protected override endUser(): string {
    return this.s.charCodeAt(this.p) === QUOTE ? this.ownString() : String(this.number());
  }

  /** A string value seldom seen twice (a client's address): a copy, not looked up. */
  private ownString(): string {
    const start = this.p + 1;
    const close = this.skipString();
    return this.table === undefined ? this.s.slice(start, close) : ownSlice(this.s, start, close);
  }

  /** The request id's counter (arrivalIn), read in place: the id itself is not kept. */
  private arrival(): number {
    const start = this.p + 1;
    return arrivalIn(this.s, start, this.skipString());
  }

  /** A string value not kept: only its end is found (returned: its closing quote's place). */
  private skipString(): number {
    this.expect(QUOTE);
    const close = this.s.indexOf('"', this.p);
    if (close === -1 || close >= this.end) throw MISMATCH;
    this.p = close + 1;
    return close;
  }

  /**
   * `ts` in the proxy's own layout (`2026-12-01T10:00:00.123Z`) to ms, as parseTime reads it: the
   * date through Date.parse once per day of log. Any other layout gives the line back.
   */
  private time(): number {
    this.expect(QUOTE);
    const s = this.s;
    const p = this.p;
    if (
      p + 25 > this.end ||
      s.charCodeAt(p + 4) !== 45 ||
      s.charCodeAt(p + 7) !== 45 ||
      s.charCodeAt(p + 10) !== 84 ||
      s.charCodeAt(p + 13) !== 58 ||
      s.charCodeAt(p + 16) !== 58 ||
      s.charCodeAt(p + 19) !== 46 ||
      s.charCodeAt(p + 23) !== 90 ||
      s.charCodeAt(p + 24) !== QUOTE
    )
      throw MISMATCH;
    const day = this.digits(p, 4) * 10_000 + this.digits(p + 5, 2) * 100 + this.digits(p + 8, 2);
    const hours = this.digits(p + 11, 2);
    const minutes = this.digits(p + 14, 2);
    const seconds = this.digits(p + 17, 2);
    const millis = this.digits(p + 20, 3);
    const valid =
      day >= 0 && hours >= 0 && hours < 24 && minutes >= 0 && minutes < 60 && seconds >= 0;
    if (!(valid && seconds < 60 && millis >= 0)) throw MISMATCH;
    if (day !== this.lastDay) {
      const ms = Date.parse(`${s.slice(p, p + 10)}T00:00:00.000Z`);
      if (Number.isNaN(ms)) throw MISMATCH;
      this.lastDay = day;
      this.lastDayMs = ms;
    }
    this.p = p + 25;
    return this.lastDayMs + ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
  }

  /** The decimal number of `count` digits at `at`; negative when one is not a digit. */
  private digits(at: number, count: number): number {
    let value = 0;
    for (let i = at; i < at + count; i++) {
      const digit = this.s.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return -1e9;
      value = value * 10 + digit;
    }
    return value;
  }

  /** A list of strings not kept (checked as strings() checks it). */
  private skipStrings(): void {
    this.expect(OPEN_LIST);
    if (this.p < this.end && this.s.charCodeAt(this.p) === CLOSE_LIST) {
      this.p++;
      return;
    }
    for (;;) {
      this.skipString();
      const c = this.next();
      if (c === CLOSE_LIST) return;
      if (c !== COMMA) throw MISMATCH;
    }
  }

  private factors(): readonly Factor[] {
    this.expect(OPEN_LIST);
    if (this.p < this.end && this.s.charCodeAt(this.p) === CLOSE_LIST) {
      this.p++;
      return NONE;
    }
    const out: Factor[] = [];
    for (;;) {
      this.key('{"signal":');
      const signal = this.string(this.recent.signal);
      this.key(',"value":');
      const value = this.number();
      this.key(',"contribution":');
      const contribution = this.number();
      this.expect(CLOSE);
      out.push({ signal, value, contribution });
      const c = this.next();
      if (c === CLOSE_LIST) return out;
      if (c !== COMMA) throw MISMATCH;
    }
  }

  private shadow(): NonNullable<ReplayRecord['shadow']> {
    this.key('{"action":');
    const action = this.string(this.recent.action) as NonNullable<ReplayRecord['shadow']>['action'];
    this.key(',"rule":');
    const rule = this.null() ? null : this.string(this.recent.rule);
    this.key(',"reason":');
    const reason = this.string(this.recent.reason);
    this.expect(CLOSE);
    return { action, rule, reason };
  }

  /** Only the families this release knows, in the order logged (as the record scanner keeps). */
  private activation(): Activation {
    this.expect(OPEN);
    const out: Record<string, number> = {};
    if (this.p < this.end && this.s.charCodeAt(this.p) === CLOSE) {
      this.p++;
      return out;
    }
    for (;;) {
      const name = this.string(this.recent.family);
      this.expect(COLON);
      const value = this.number();
      if (FAMILY_NAMES.has(name)) out[name] = value;
      const c = this.next();
      if (c === CLOSE) return out;
      if (c !== COMMA) throw MISMATCH;
    }
  }

  private cluster(): ClusterRef {
    this.key('{"id":');
    const id = this.string();
    this.key(',"link":');
    const link = this.string(this.recent.link);
    this.key(',"accounts":');
    const accounts = this.number();
    this.key(',"risk":');
    const risk = this.number();
    this.key(',"flagged":');
    const flagged = this.boolean();
    this.key(',"specific":');
    const specific = this.boolean();
    this.expect(CLOSE);
    return { id, link, accounts, risk, flagged, specific };
  }

  private skipDecoys(): void {
    this.key('{"injected":');
    this.number();
    this.key(',"intercepted":');
    this.number();
    this.key(',"seen":');
    if (!this.null()) this.skipString();
    this.expect(CLOSE);
  }

  private latency(): ReplayRecord['latency_ms'] {
    this.key('{"total":');
    const total = this.null() ? null : this.number();
    this.key(',"proxy":');
    const proxy = this.null() ? null : this.number();
    this.key(',"upstream":');
    const upstream = this.null() ? null : this.number();
    this.key(',"upstream_ttfb":');
    const ttfb = this.null() ? null : this.number();
    this.expect(CLOSE);
    // Older writers could log a non-finite latency as null; the type says number.
    return {
      total: total as number,
      proxy: proxy as number,
      upstream: upstream as number,
      upstream_ttfb: ttfb,
    };
  }
}
