/**
 * The order a review's "latest" and "earliest" values follow, whichever thread read which part of
 * the logs: a record's time, then its place in the input — the file's position among the logs as
 * given, then the byte offset where its part begins plus its line in the part. That sum grows along
 * a file: a line is at least a byte long (its newline), so a part's last line is placed before the
 * next part's first. Time comes first so that "latest" means the newest record even when the logs
 * are given newest first or are not in time order (records are written when their request ends,
 * so even one log is not); the place only breaks ties between records of the same millisecond, the
 * later in the input winning, as in a log written in order.
 */

/** Places a file apart: exact while a file is under 2^39 bytes and there are under 2^13 files. */
const FILE_SPAN = 2 ** 40;

/** The place of the `file`-th log's part beginning at byte `offset`; add a line (1-based) to it. */
export function placeOf(file: number, offset: number): number {
  return file * FILE_SPAN + offset;
}

/** Whether a record at (time, place) comes after one at (otherTime, otherPlace). */
export function placedAfter(
  time: number,
  place: number,
  otherTime: number,
  otherPlace: number,
): boolean {
  return time > otherTime || (time === otherTime && place > otherPlace);
}
