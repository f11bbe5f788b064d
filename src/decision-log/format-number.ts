/**
 * `String(value)` for the numbers a decision record holds, written as ASCII digits straight into
 * the line's bytes. No string is made on the fast paths: V8's number-string cache misses on every
 * latency and fingerprint (a runtime call, ~150–250 ns each, measured), and a concatenated
 * string would be flattened again to be copied byte by byte. Two shapes get a fast path:
 *
 * - safe integers ≥ 0 (counts, sizes, statuses, template fingerprints), digit by digit.
 * - milliseconds rounded to microseconds (`roundMs`) and scores rounded to 3 decimals: a value
 *   that is exactly the double nearest to k/1000. Its shortest round-trip decimal — what String
 *   writes — is k/1000 in plain notation with trailing zeros dropped: the doubles around it are
 *   ~1e-7 apart below 1e9, far closer than any other decimal of 3 places or fewer.
 *
 * Everything else is String's own text. A property test compares both paths with String.
 */

/** The most bytes writeNumber writes (String of any double is at most 25 characters). */
export const MAX_NUMBER_BYTES = 32;

const ZERO = 0x30;
const POINT = 0x2e;

/** Writes String(value) of a finite number at `bytes[at…]` (MAX_NUMBER_BYTES of room); its end. */
export function writeNumber(bytes: Buffer, at: number, value: number): number {
  if (Number.isInteger(value)) {
    // -0 is written "0", as String writes it.
    if (value >= 0 && value <= Number.MAX_SAFE_INTEGER) return writeDigits(bytes, at, value);
  } else if (value > 0 && value < 1e9) {
    const k = Math.round(value * 1000);
    if (k / 1000 === value) return writeThousandths(bytes, at, k);
  }
  const text = String(value);
  for (let i = 0; i < text.length; i++) bytes[at++] = text.charCodeAt(i);
  return at;
}

/** The decimal digits of a safe integer ≥ 0. */
function writeDigits(bytes: Buffer, at: number, value: number): number {
  if (value < 1e9) return writeSmall(bytes, at, value);
  // Above 32 bits: two halves of int32 arithmetic (a double's % and / by 10 cost a runtime call).
  // value ÷ 1e9 never rounds up to the next integer: below 2^53 its fraction is at least 1e-9
  // short of it, more than half a double's spacing there (~0.9e-9); both halves are exact.
  const high = Math.floor(value / 1e9);
  const low = value - high * 1e9;
  const end = writeSmall(bytes, at, high);
  for (let i = end + 8, rest = low; i >= end; i--) {
    const next = (rest / 10) | 0;
    bytes[i] = ZERO + rest - next * 10;
    rest = next;
  }
  return end + 9;
}

/** The digits of an integer 0 ≤ value < 1e9 (int32 arithmetic). */
function writeSmall(bytes: Buffer, at: number, value: number): number {
  let length = 1;
  for (let power = 10; power <= value; power *= 10) length++;
  const end = at + length;
  let rest = value | 0;
  let i = end;
  do {
    const next = (rest / 10) | 0;
    bytes[--i] = ZERO + rest - next * 10;
    rest = next;
  } while (rest > 0);
  return end;
}

/** k/1000 for a k that is no multiple of 1000, below 1e12: whole, point, 1–3 places (no trailing 0). */
function writeThousandths(bytes: Buffer, at: number, k: number): number {
  const whole = Math.floor(k / 1000);
  const fraction = (k - whole * 1000) | 0;
  let end = writeSmall(bytes, at, whole);
  bytes[end++] = POINT;
  const first = (fraction / 100) | 0;
  bytes[end++] = ZERO + first;
  const rest = fraction - first * 100;
  if (rest === 0) return end;
  const second = (rest / 10) | 0;
  bytes[end++] = ZERO + second;
  const third = rest - second * 10;
  if (third === 0) return end;
  bytes[end++] = ZERO + third;
  return end;
}
