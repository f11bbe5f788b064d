/**
 * `String(value)` for the numbers a decision record holds, without the runtime call V8 makes for
 * a double it has not formatted lately (its number-string cache misses on every latency and
 * fingerprint: ~150–250 ns each, measured, against ~60 ns here). Two shapes get a fast path, both
 * built only from small integers (whose strings V8 caches):
 *
 * - milliseconds rounded to microseconds (`roundMs`) and scores rounded to 3 decimals: a value
 *   that is exactly the double nearest to k/1000. Its shortest round-trip decimal — what String
 *   writes — is k/1000 in plain notation with trailing zeros dropped: the doubles around it are
 *   ~1e-7 apart below 1e9, far closer than any other decimal of 3 places or fewer.
 * - integers from 1e8 up to 2^53 (template fingerprints): two halves of 8 digits.
 *
 * Everything else goes to String. A property test compares both paths with String.
 */

const PAD = ['', '0', '00', '000', '0000', '00000', '000000', '0000000'] as const;

/** String(value) for a finite number. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value >= 1e8 ? largeInteger(value) : String(value);
  return value > 0 && value < 1e9 ? thousandths(value) : String(value);
}

function largeInteger(value: number): string {
  if (value > Number.MAX_SAFE_INTEGER) return String(value);
  const high = Math.floor(value / 1e8);
  const low = value - high * 1e8;
  if (low < 0 || low >= 1e8) return String(value);
  const digits = String(low);
  return `${String(high)}${PAD[8 - digits.length] ?? ''}${digits}`;
}

function thousandths(value: number): string {
  const k = Math.round(value * 1000);
  if (k / 1000 !== value) return String(value);
  const whole = Math.floor(k / 1000);
  const fraction = k - whole * 1000;
  // fraction is 1–999 (value is no integer): three places, trailing zeros dropped.
  if (fraction % 100 === 0) return `${String(whole)}.${String(fraction / 100)}`;
  if (fraction % 10 === 0)
    return `${String(whole)}.${fraction < 100 ? '0' : ''}${String(fraction / 10)}`;
  return `${String(whole)}.${fraction < 10 ? '00' : fraction < 100 ? '0' : ''}${String(fraction)}`;
}
