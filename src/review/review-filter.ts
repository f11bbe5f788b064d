/**
 * What `distillguard review` looks at: a time range, an account, a cluster, actions, a rule. Each
 * filter is checked exactly on the parsed record, and also turned into a byte-level prefilter that
 * skips most other lines before they are decoded: the proxy writes every record in one compact
 * layout, so a record of account A contains the bytes `"account":"A",` — searched once per chunk
 * with Buffer.indexOf (memchr speed), not once per line. The prefilter only ever lets through a
 * superset; a line in another layout that it skips could only be a hand-made one.
 */
import type { LoggedRecord } from '../decision-log/logged-record.ts';

export interface ReviewFilter {
  /** ms since the epoch, inclusive. */
  readonly since?: number;
  /** ms since the epoch, exclusive. */
  readonly until?: number;
  readonly account?: string;
  readonly cluster?: string;
  /** Enforced actions (`allow`, `observe`, …, `reject`). */
  readonly actions?: readonly string[];
  /** The deciding rule, or the rule a shadowed decision names. */
  readonly rule?: string;
}

export function matchesFilter(filter: ReviewFilter, record: LoggedRecord): boolean {
  if (filter.since !== undefined && record.time < filter.since) return false;
  if (filter.until !== undefined && record.time >= filter.until) return false;
  if (filter.account !== undefined && record.account !== filter.account) return false;
  if (filter.cluster !== undefined && record.cluster?.id !== filter.cluster) return false;
  if (filter.actions !== undefined && !filter.actions.includes(record.action)) return false;
  if (
    filter.rule !== undefined &&
    record.rule !== filter.rule &&
    record.shadow?.rule !== filter.rule
  )
    return false;
  return true;
}

type Prefilter = (buf: Buffer, start: number, end: number) => boolean;

/** The byte-level prefilter of a filter, or undefined when it has nothing to test. */
export function linePrefilter(filter: ReviewFilter): Prefilter | undefined {
  const tests: Prefilter[] = [];
  const needle = (text: string): void => void tests.push(needleTest(Buffer.from(text, 'utf8')));
  if (filter.account !== undefined) needle(`"account":${JSON.stringify(filter.account)},`);
  if (filter.cluster !== undefined) needle(`"cluster":{"id":${JSON.stringify(filter.cluster)},`);
  if (filter.rule !== undefined) needle(`"rule":${JSON.stringify(filter.rule)},`);
  if (filter.actions?.length === 1) needle(`"action":${JSON.stringify(filter.actions[0])},`);
  if (filter.since !== undefined || filter.until !== undefined) tests.push(timeTest(filter));
  if (tests.length === 0) return undefined;
  return (buf, start, end) => tests.every((test) => test(buf, start, end));
}

/**
 * Whether the line holds `needle`. The next occurrence in the current chunk is remembered, so the
 * lines before it are skipped without a search each: linear in the chunk, whatever the lines.
 */
function needleTest(needle: Buffer): Prefilter {
  let chunk: Buffer | undefined;
  let next = -1;
  return (buf, start, end) => {
    if (buf !== chunk || (next !== Infinity && next < start)) {
      chunk = buf;
      const found = buf.indexOf(needle, start);
      next = found === -1 ? Infinity : found;
    }
    return next < end;
  };
}

/** `{"v":N,"ts":"` — where the proxy's records keep their time (24 ASCII characters). */
const TS_OFFSET = 13;
const TS_LENGTH = 24;

/** ISO times in one format compare as bytes in time order; another layout is let through. */
function timeTest(filter: ReviewFilter): Prefilter {
  const since = filter.since === undefined ? undefined : isoBytes(filter.since);
  const until = filter.until === undefined ? undefined : isoBytes(filter.until);
  return (buf, start, end) => {
    const at = start + TS_OFFSET;
    if (end - start < TS_OFFSET + TS_LENGTH || buf[at - 1] !== 34 || buf[at + TS_LENGTH] !== 34)
      return true;
    // buf.compare: the line's time against the bound (negative: earlier).
    if (since !== undefined && buf.compare(since, 0, TS_LENGTH, at, at + TS_LENGTH) < 0)
      return false;
    if (until !== undefined && buf.compare(until, 0, TS_LENGTH, at, at + TS_LENGTH) >= 0)
      return false;
    return true;
  };
}

function isoBytes(ms: number): Buffer | undefined {
  const iso = new Date(ms).toISOString();
  // Years beyond 9999 have another length: no prefilter, the exact check still applies.
  return iso.length === TS_LENGTH ? Buffer.from(iso, 'latin1') : undefined;
}
