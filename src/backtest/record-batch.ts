/**
 * Replay records in batches that cross threads without a structured clone of objects: a batch is
 * a struct of arrays — numbers in a Float64Array (null as NaN: every logged number is finite),
 * strings as ids into a table both threads keep (int32, -1 for null), lists and maps in a third
 * array — whose buffers are transferred, not copied. Strings new to the table travel beside the
 * batch once; the table is bounded (both sides start it over at a batch boundary when it is full),
 * and the few per-request strings (client IP prefixes) are appended without being looked up.
 * Decoding rebuilds exactly the ReplayRecord the reader parsed (a test compares whole reports).
 */
import type { Activation, ClusterRef, Factor } from '../detection/score.ts';
import type { ReplayRecord } from './replay-record.ts';
import { ownSlice } from './text-table.ts';

/** Records per batch: large enough that a message costs nothing, small enough to start at once. */
export const BATCH_RECORDS = 2048;
/** Strings the table holds before both sides start it over (ids stay below this plus one batch). */
const TABLE_CAPACITY = 1 << 18;

// Number slots of a record.
const V = 0;
const TIME = 1;
const AGE = 2;
const VERIFIED = 3;
const STREAM = 4;
const MAX_TOKENS = 5;
const MESSAGES = 6;
const TOOLS = 7;
const THINKING = 8;
const CHOICES = 9;
const BYTES_IN = 10;
const SCORE = 11;
const STATUS = 12;
const TOKENS_IN = 13;
const TOKENS_OUT = 14;
const TOTAL = 15;
const PROXY = 16;
const UPSTREAM = 17;
const TTFB = 18;
const TEMPLATES = 19; // three slots; NaN in the first: null
const CLUSTER_ACCOUNTS = 22;
const CLUSTER_RISK = 23;
const CLUSTER_FLAGS = 24; // flagged + 2 × specific
const END_USER = 25;
const MORE = 26; // offset of the record's lists in `more`
const TOKENS_OUT_ESTIMATED = 27;
const ARRIVAL = 28;
const HARVEST_SHAPE = 29;
const NUMBERS = 30;

// String slots of a record.
const ACCOUNT = 0;
const ORG = 1;
const TIER = 2;
const KEY_ID = 3;
const CREDENTIAL = 4;
const PROGRAMME = 5;
const DECLARED_USE = 6;
const IP_PREFIX = 7;
const ROUTE = 8;
const DIALECT = 9;
const MODEL = 10;
const ACTION = 11;
const RULE = 12;
const REASON = 13;
const OUTCOME = 14;
const CLUSTER_ID = 15; // -1: no cluster
const CLUSTER_LINK = 16;
const END_USER_TEXT = 17; // an end user logged as text (the number slot is then NaN)
const SHADOW_ACTION = 18; // -1: no shadow
const SHADOW_RULE = 19;
const SHADOW_REASON = 20;
const DETAIL = 21;
const STRINGS = 22;

const NO_STRING = -1;
/** Most lists are empty: one shared empty list, as the scanner returns. */
const NONE: readonly never[] = Object.freeze([]);

/** What crosses the thread: the arrays' buffers are transferred. */
export interface RecordBatch {
  readonly count: number;
  /** The table was started over before this batch. */
  readonly reset: boolean;
  /** Strings added to the table by this batch, in id order. */
  readonly fresh: readonly string[];
  /** The batch's strings that are not in the table, end to end; `ends[k]` ends the k-th. */
  readonly text: string;
  readonly ends: Int32Array;
  readonly numbers: Float64Array<ArrayBuffer>;
  readonly strings: Int32Array<ArrayBuffer>;
  readonly more: Float64Array<ArrayBuffer>;
}

/** A batch's arrays, handed back to the writer once read: reused, never allocated again. */
export type BatchArrays = Pick<RecordBatch, 'numbers' | 'strings' | 'more'>;

const orNaN = (value: number | null): number => value ?? Number.NaN;
const flag = (value: boolean | null): number => (value === null ? Number.NaN : value ? 1 : 0);

/** Fills batches on the reading thread. */
export class BatchWriter {
  private readonly ids = new Map<string, number>();
  private nextId = 0;
  private reset = false;
  private fresh: string[] = [];
  private texts: string[] = [];
  private ends = new Int32Array(BATCH_RECORDS * 6);
  private textLength = 0;
  private count = 0;
  private numbers = new Float64Array(BATCH_RECORDS * NUMBERS);
  private strings = new Int32Array(BATCH_RECORDS * STRINGS);
  private more = new Float64Array(BATCH_RECORDS * 8);
  /**
   * Arrays handed back (recycle). Reusing them matters: a fresh megabyte per batch is external
   * memory the garbage collector answers with full collections.
   */
  private readonly spare: BatchArrays[] = [];
  private readonly tableCapacity: number;

  constructor(tableCapacity = TABLE_CAPACITY) {
    this.tableCapacity = tableCapacity;
  }
  private used = 0;

  get size(): number {
    return this.count;
  }

  /** Adds a record; true when the batch is full (take it). */
  add(record: ReplayRecord): boolean {
    const n = this.numbers;
    const s = this.strings;
    const a = this.count * NUMBERS;
    const b = this.count * STRINGS;
    n[a + V] = record.v;
    n[a + TIME] = record.time;
    n[a + ARRIVAL] = record.arrival;
    n[a + AGE] = orNaN(record.account_age_days);
    n[a + VERIFIED] = flag(record.verified);
    n[a + STREAM] = flag(record.stream);
    n[a + MAX_TOKENS] = orNaN(record.max_tokens);
    n[a + MESSAGES] = orNaN(record.messages);
    n[a + TOOLS] = orNaN(record.tools);
    n[a + THINKING] = flag(record.thinking);
    n[a + CHOICES] = orNaN(record.choices);
    n[a + BYTES_IN] = orNaN(record.bytes_in);
    n[a + SCORE] = record.score;
    n[a + STATUS] = orNaN(record.status);
    n[a + TOKENS_IN] = orNaN(record.tokens_in);
    n[a + TOKENS_OUT] = orNaN(record.tokens_out);
    n[a + TOKENS_OUT_ESTIMATED] = flag(record.tokens_out_estimated);
    const latency = record.latency_ms;
    n[a + TOTAL] = orNaN(latency.total);
    n[a + PROXY] = orNaN(latency.proxy);
    n[a + UPSTREAM] = orNaN(latency.upstream);
    n[a + TTFB] = orNaN(latency.upstream_ttfb);
    const templates = record.templates;
    n[a + TEMPLATES] = templates === null ? Number.NaN : templates[0];
    n[a + TEMPLATES + 1] = templates === null ? 0 : templates[1];
    n[a + TEMPLATES + 2] = templates === null ? 0 : templates[2];
    n[a + HARVEST_SHAPE] = orNaN(record.harvest_shape);
    const cluster = record.cluster;
    s[b + CLUSTER_ID] = cluster === null ? NO_STRING : this.text(cluster.id);
    s[b + CLUSTER_LINK] = cluster === null ? NO_STRING : this.id(cluster.link);
    n[a + CLUSTER_ACCOUNTS] = cluster === null ? 0 : cluster.accounts;
    n[a + CLUSTER_RISK] = cluster === null ? 0 : cluster.risk;
    n[a + CLUSTER_FLAGS] = cluster === null ? 0 : +cluster.flagged + 2 * +cluster.specific;
    // Generic over how an end user is logged (a number today; text would travel as a string).
    const endUser: unknown = record.end_user;
    n[a + END_USER] = typeof endUser === 'number' ? endUser : Number.NaN;
    s[b + END_USER_TEXT] = typeof endUser === 'string' ? this.text(endUser) : NO_STRING;
    s[b + ACCOUNT] = this.text(record.account);
    s[b + ORG] = this.text(record.org);
    s[b + TIER] = this.id(record.tier);
    s[b + KEY_ID] = this.text(record.key_id);
    s[b + CREDENTIAL] = this.id(record.credential);
    s[b + PROGRAMME] = this.id(record.programme);
    s[b + DECLARED_USE] = this.id(record.declared_use);
    s[b + IP_PREFIX] = this.text(record.client_ip_prefix);
    s[b + ROUTE] = this.id(record.route);
    s[b + DIALECT] = this.id(record.dialect);
    s[b + MODEL] = this.id(record.model);
    s[b + ACTION] = this.id(record.action);
    s[b + RULE] = this.id(record.rule);
    s[b + REASON] = this.id(record.reason);
    s[b + OUTCOME] = this.id(record.outcome);
    s[b + DETAIL] = this.id(record.detail);
    const shadow = record.shadow;
    s[b + SHADOW_ACTION] = shadow === null ? NO_STRING : this.id(shadow.action);
    s[b + SHADOW_RULE] = shadow === null ? NO_STRING : this.id(shadow.rule);
    s[b + SHADOW_REASON] = shadow === null ? NO_STRING : this.id(shadow.reason);
    n[a + MORE] = this.used;
    this.lists(record);
    return ++this.count === BATCH_RECORDS;
  }

  /** The batch so far (its buffers are the caller's now); the next one starts empty. */
  take(): RecordBatch {
    const batch: RecordBatch = {
      count: this.count,
      reset: this.reset,
      fresh: this.fresh,
      text: this.texts.join(''),
      ends: this.ends.slice(0, this.texts.length),
      numbers: this.numbers,
      strings: this.strings,
      more: this.more,
    };
    // Every slot of a record is written when it is added: a reused array needs no clearing.
    const next = this.spare.pop();
    this.numbers = next?.numbers ?? new Float64Array(BATCH_RECORDS * NUMBERS);
    this.strings = next?.strings ?? new Int32Array(BATCH_RECORDS * STRINGS);
    this.more = next?.more ?? new Float64Array(this.more.length);
    this.used = 0;
    this.count = 0;
    this.fresh = [];
    this.texts = [];
    this.textLength = 0;
    // A full table starts over between batches, never inside one (ids of a batch are of one table).
    this.reset = this.nextId >= this.tableCapacity;
    if (this.reset) {
      this.ids.clear();
      this.nextId = 0;
    }
    return batch;
  }

  /** Arrays of a batch that was read, to fill again. */
  recycle(arrays: BatchArrays): void {
    this.spare.push(arrays);
  }

  /** labels, factors, families, activation: counted lists (activation -1 when null). */
  private lists(record: ReplayRecord): void {
    const { labels, factors, families, activation } = record;
    this.room(4 + labels.length + 3 * factors.length + families.length);
    let m = this.more;
    let at = this.used;
    m[at++] = labels.length;
    for (const label of labels) m[at++] = this.id(label);
    m[at++] = factors.length;
    for (const factor of factors) {
      m[at++] = this.id(factor.signal);
      m[at++] = factor.value;
      m[at++] = factor.contribution;
    }
    m[at++] = families.length;
    for (const family of families) m[at++] = this.id(family);
    if (activation === null) m[at++] = -1;
    else {
      const start = at++;
      let entries = 0;
      for (const name in activation) {
        const value = activation[name as keyof Activation];
        // A family at 0 in a score's record (combine-score.ts): not logged, not counted.
        if (value === undefined) continue;
        if (at + 2 > m.length) {
          this.used = at;
          this.room(2);
          m = this.more;
        }
        m[at++] = this.id(name);
        m[at++] = value;
        entries++;
      }
      m[start] = entries;
    }
    this.used = at;
  }

  /** At least `slots` free in `more` past what is used. */
  private room(slots: number): void {
    if (this.used + slots <= this.more.length) return;
    const grown = new Float64Array(Math.max(this.more.length * 2, this.used + slots));
    grown.set(this.more.subarray(0, this.used));
    this.more = grown;
  }

  private id(value: string | null): number {
    if (value === null) return NO_STRING;
    const known = this.ids.get(value);
    if (known !== undefined) return known;
    const id = this.append(value);
    this.ids.set(value, id);
    return id;
  }

  /** A table string: its id, the string sent once. */
  private append(value: string): number {
    this.fresh.push(value);
    return this.nextId++;
  }

  /** A string sent in the batch's text (-2 is its first, -3 the next…). */
  private text(value: string | null): number {
    if (value === null) return NO_STRING;
    const k = this.texts.length;
    this.texts.push(value);
    this.textLength += value.length;
    this.ends[k] = this.textLength;
    return -2 - k;
  }
}

/** Rebuilds records on the replaying thread. */
export class BatchReader {
  private table: string[] = [];

  /**
   * Takes in a batch's new strings (batches must be admitted in the order written) and gives its
   * records, each readable when needed for as long as the batch is kept — after later batches,
   * even past a table that started over (the batch keeps the table its ids are of).
   */
  admit(batch: RecordBatch): BatchRecords {
    if (batch.reset) this.table = [];
    const table = this.table;
    for (const value of batch.fresh) table.push(value);
    return new BatchRecords(batch, table);
  }

  /** Hands each record of `batch` to `onRecord`, in order. */
  read(batch: RecordBatch, onRecord: (record: ReplayRecord) => void): void {
    const records = this.admit(batch);
    for (let i = 0; i < records.count; i++) onRecord(records.record(i));
  }
}

/** One admitted batch's records, by their place in it. */
export class BatchRecords {
  readonly batch: RecordBatch;
  private readonly table: readonly string[];

  constructor(batch: RecordBatch, table: readonly string[]) {
    this.batch = batch;
    this.table = table;
  }

  get count(): number {
    return this.batch.count;
  }

  /** The i-th record's start time (without rebuilding it). */
  time(i: number): number {
    return this.batch.numbers[i * NUMBERS + TIME] as number;
  }

  /** The i-th record's place among its process's arrivals (without rebuilding it). */
  arrival(i: number): number {
    return this.batch.numbers[i * NUMBERS + ARRIVAL] as number;
  }

  /** The i-th record's action (without rebuilding it). */
  action(i: number): string {
    return this.str(i * STRINGS + ACTION) as string;
  }

  /** The i-th record, rebuilt: a new object each time. */
  record(i: number): ReplayRecord {
    const { table } = this;
    const { numbers: n, more: m } = this.batch;
    const a = i * NUMBERS;
    const b = i * STRINGS;
    let at = n[a + MORE] as number;
    const labelCount = m[at++] as number;
    const labels = tableList(table, m, at, labelCount);
    at += labelCount;
    const factorCount = m[at++] as number;
    let factors: readonly Factor[] = NONE;
    if (factorCount > 0) {
      const list: Factor[] = [];
      for (let k = 0; k < factorCount; k++) {
        const signal = table[m[at] as number] as string;
        list.push({ signal, value: m[at + 1] as number, contribution: m[at + 2] as number });
        at += 3;
      }
      factors = list;
    }
    const familyCount = m[at++] as number;
    const families = tableList(table, m, at, familyCount);
    at += familyCount;
    const activationCount = m[at++] as number;
    let activation: Activation | null = null;
    if (activationCount >= 0) {
      const map: Record<string, number> = {};
      for (let k = 0; k < activationCount; k++, at += 2)
        map[table[m[at] as number] as string] = m[at + 1] as number;
      activation = map;
    }
    const clusterId = this.str(b + CLUSTER_ID);
    let cluster: ClusterRef | null = null;
    if (clusterId !== null) {
      const flags = n[a + CLUSTER_FLAGS] as number;
      cluster = {
        id: clusterId,
        link: this.str(b + CLUSTER_LINK) as string,
        accounts: n[a + CLUSTER_ACCOUNTS] as number,
        risk: n[a + CLUSTER_RISK] as number,
        flagged: (flags & 1) === 1,
        specific: (flags & 2) === 2,
      };
    }
    const shadowAction = this.str(b + SHADOW_ACTION);
    const shadow: ReplayRecord['shadow'] =
      shadowAction === null
        ? null
        : {
            action: shadowAction as NonNullable<ReplayRecord['shadow']>['action'],
            rule: this.str(b + SHADOW_RULE),
            reason: this.str(b + SHADOW_REASON) as string,
          };
    const first = numAt(n, a + TEMPLATES);
    const endUser = this.str(b + END_USER_TEXT) ?? numAt(n, a + END_USER);
    // In REPLAY_FIELDS order: one object shape for every record.
    return {
      v: n[a + V] as number,
      time: n[a + TIME] as number,
      arrival: n[a + ARRIVAL] as number,
      account: this.str(b + ACCOUNT),
      org: this.str(b + ORG),
      tier: this.str(b + TIER),
      key_id: this.str(b + KEY_ID),
      credential: this.str(b + CREDENTIAL) as ReplayRecord['credential'],
      account_age_days: numAt(n, a + AGE),
      verified: boolAt(n, a + VERIFIED),
      programme: this.str(b + PROGRAMME),
      declared_use: this.str(b + DECLARED_USE),
      labels,
      client_ip_prefix: this.str(b + IP_PREFIX) as string,
      route: this.str(b + ROUTE),
      dialect: this.str(b + DIALECT),
      model: this.str(b + MODEL),
      stream: boolAt(n, a + STREAM),
      max_tokens: numAt(n, a + MAX_TOKENS),
      messages: numAt(n, a + MESSAGES),
      tools: numAt(n, a + TOOLS),
      thinking: boolAt(n, a + THINKING),
      choices: numAt(n, a + CHOICES),
      end_user: endUser as ReplayRecord['end_user'],
      templates:
        first === null
          ? null
          : [first, n[a + TEMPLATES + 1] as number, n[a + TEMPLATES + 2] as number],
      harvest_shape: numAt(n, a + HARVEST_SHAPE),
      bytes_in: numAt(n, a + BYTES_IN) as number,
      action: this.str(b + ACTION) as ReplayRecord['action'],
      rule: this.str(b + RULE),
      reason: this.str(b + REASON) as string,
      shadow,
      score: n[a + SCORE] as number,
      factors,
      families,
      activation,
      cluster,
      status: numAt(n, a + STATUS) as number,
      outcome: this.str(b + OUTCOME) as ReplayRecord['outcome'],
      detail: this.str(b + DETAIL),
      tokens_in: numAt(n, a + TOKENS_IN),
      tokens_out: numAt(n, a + TOKENS_OUT),
      tokens_out_estimated: boolAt(n, a + TOKENS_OUT_ESTIMATED),
      latency_ms: {
        total: numAt(n, a + TOTAL) as number,
        proxy: numAt(n, a + PROXY) as number,
        upstream: numAt(n, a + UPSTREAM) as number,
        upstream_ttfb: numAt(n, a + TTFB),
      },
    };
  }

  private str(at: number): string | null {
    const { strings, text, ends } = this.batch;
    return stringOf(strings[at] as number, this.table, text, ends);
  }
}

/** The number at `at` of a batch's numbers (numberOf). */
function numAt(numbers: Float64Array, at: number): number | null {
  return numberOf(numbers[at] as number);
}

/** The boolean at `at` of a batch's numbers (booleanOf). */
function boolAt(numbers: Float64Array, at: number): boolean | null {
  return booleanOf(numbers[at] as number);
}

/** The `count` table strings whose ids are at `m[at…]`; most lists are empty (NONE). */
function tableList(
  table: readonly string[],
  m: Float64Array,
  at: number,
  count: number,
): readonly string[] {
  if (count === 0) return NONE;
  const list: string[] = [];
  for (let k = 0; k < count; k++) list.push(table[m[at + k] as number] as string);
  return list;
}

function stringOf(
  id: number,
  table: readonly string[],
  text: string,
  ends: Int32Array,
): string | null {
  if (id >= 0) return table[id] as string;
  if (id === NO_STRING) return null;
  const k = -2 - id;
  // A copy, not a view: a kept view (an account in the replay's maps) would keep the batch's whole
  // text alive — measured 74 against 24 MB of heap after a 1 GB log. (Looking the copies up in a
  // table like the lean reader's cost the replay thread more than it saved: 10 % of its time.)
  return ownSlice(text, k === 0 ? 0 : (ends[k - 1] as number), ends[k] as number);
}

function numberOf(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

function booleanOf(value: number): boolean | null {
  return Number.isNaN(value) ? null : value === 1;
}
