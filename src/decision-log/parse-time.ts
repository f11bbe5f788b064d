/**
 * Reads a record's `ts` into ms since the epoch, fast: every record needs it, and Date.parse on
 * each would be a noticeable share of reading a log.
 */

let lastDay = -1;
let lastDayMs = Number.NaN;

/**
 * `ts` to ms, for the proxy's own format (`2026-12-01T10:00:00.123Z`) read digit by digit: the
 * date goes through Date.parse once per day of log, the time of day is arithmetic. Anything else
 * is Date.parse's.
 */
export function parseTime(ts: string): number {
  if (!isIsoLayout(ts)) return Date.parse(ts);
  const day = digits(ts, 0, 4) * 10_000 + digits(ts, 5, 2) * 100 + digits(ts, 8, 2);
  const hours = digits(ts, 11, 2);
  const minutes = digits(ts, 14, 2);
  const seconds = digits(ts, 17, 2);
  const millis = digits(ts, 20, 3);
  if (!(
    day >= 0 &&
    hours >= 0 &&
    hours < 24 &&
    minutes >= 0 &&
    minutes < 60 &&
    seconds >= 0 &&
    seconds < 60 &&
    millis >= 0
  ))
    return Date.parse(ts);
  if (day !== lastDay) {
    lastDay = day;
    lastDayMs = Date.parse(`${ts.slice(0, 10)}T00:00:00.000Z`);
  }
  return lastDayMs + ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
}

/** `dddd-dd-ddTdd:dd:dd.dddZ` by its separators (the digits are checked as they are read). */
function isIsoLayout(ts: string): boolean {
  return (
    ts.length === 24 &&
    ts.charCodeAt(4) === 45 &&
    ts.charCodeAt(7) === 45 &&
    ts.charCodeAt(10) === 84 &&
    ts.charCodeAt(13) === 58 &&
    ts.charCodeAt(16) === 58 &&
    ts.charCodeAt(19) === 46 &&
    ts.charCodeAt(23) === 90
  );
}

/** The decimal number of `count` digits at `at`; negative when one is not a digit. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1e9;
    value = value * 10 + digit;
  }
  return value;
}
