/**
 * Strings of many values (accounts, orgs, key ids, addresses) read from a log as strings of their
 * own — never views of the text they were read from (a chunk's piece, a batch's text), which a
 * string kept by the replay would keep alive: the lean reader's bounded table, which also returns
 * the same string object for the same text (scan-replay-line.ts), and plain copies (ownSlice,
 * also for the two-thread replay's batches: record-batch.ts).
 */
import { sameText } from '../decision-log/recent-values.ts';

/**
 * Table slots: a power of two (two megabytes of references). A log's accounts, key ids and orgs
 * are each a string the table keeps; at half the slots they would keep evicting each other.
 */
const TABLE_SLOTS = 1 << 18;

/** Where an account's key id and its org are kept, beside the account in its slot. */
export const KEY_ID = 1;
export const ORG = 2;
const SLOT_WIDTH = 3;

/**
 * Strings by their text, in a direct-mapped table of fixed size: a hit returns the string kept
 * for the same text, a miss keeps a string made from the bytes in place of the slot's last. Bounded whatever
 * the log: a rare string only costs what reading it without a table would.
 *
 * An account's slot also keeps the key id and the org its last record had (`companion`): its next
 * record nearly always repeats them, and comparing with the string kept beside the account (in
 * the cache line just read) costs far less than hashing the text and probing another slot — a
 * cache miss each, the most of a lookup. Only a candidate: the text is compared, a stale one
 * replaced.
 */
export class TextTable {
  private readonly table: (string | undefined)[] = new Array<string | undefined>(
    TABLE_SLOTS * SLOT_WIDTH,
  );
  /** Where the last get's string is kept (an account's: its companions follow it). */
  at = 0;

  /** `text[start, end)`, whose bytes are `buf[start + shift, end + shift)`. */
  get(text: string, start: number, end: number, buf: Buffer, shift: number): string {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    const at = (hash & (TABLE_SLOTS - 1)) * SLOT_WIDTH;
    this.at = at;
    const known = this.table[at];
    if (known !== undefined && known.length === end - start && sameText(text, start, known))
      return known;
    // Made from the bytes: a flat string, quick to compare (a joined copy is not).
    const fresh = buf.toString('latin1', start + shift, end + shift);
    this.table[at] = fresh;
    return fresh;
  }

  /** `text[start, end)` as the string kept `which` after the account at `at`, or looked up. */
  companion(
    at: number,
    which: number,
    text: string,
    start: number,
    end: number,
    buf: Buffer,
    shift: number,
  ): string {
    const known = this.table[at + which];
    if (known !== undefined && known.length === end - start && sameText(text, start, known))
      return known;
    const value = this.get(text, start, end, buf, shift);
    this.table[at + which] = value;
    return value;
  }
}

/** V8 copies a substring shorter than this; a longer one is a view that keeps its whole text. */
const COPIED_BELOW = 13;

/**
 * `text[start, end)` as a string of its own, never a view of `text` (a chunk's megabyte, which a
 * kept view would keep alive): pieces short enough to be copied, joined — all in the JS heap, far
 * cheaper than a string made from bytes in C++.
 */
export function ownSlice(text: string, start: number, end: number): string {
  const step = COPIED_BELOW - 1;
  let out = text.slice(start, Math.min(end, start + step));
  for (let at = start + step; at < end; at += step) out += text.slice(at, Math.min(end, at + step));
  return out;
}
