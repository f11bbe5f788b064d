/**
 * Small non-cryptographic hashes for fingerprints. Fingerprints only need to be stable, fast and
 * well spread (they index sketches and are compared for equality, never used as secrets), so a
 * 32-bit FNV-1a over UTF-16 code units with a murmur finaliser, tagged with a kind into integers
 * that fit a double exactly (typed-array and Map keys without allocation).
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a of `text[start, end)` (code units), finalised. */
export function hashRange(text: string, start: number, end: number, seed = FNV_OFFSET): number {
  let h = seed >>> 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return fmix(h);
}

export function hashString(text: string, seed = FNV_OFFSET): number {
  return hashRange(text, 0, text.length, seed);
}

/** murmur3's finaliser: spreads every input bit over the output. */
export function fmix(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Order-dependent combination of two 32-bit hashes. */
export function mix(a: number, b: number): number {
  return fmix(Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ (b + 0x7f4a7c15));
}

/** A fingerprint: a 32-bit hash tagged with its kind (exact in a double, never 0 for kind ≥ 1). */
export function fingerprint(kind: number, hash: number): number {
  return kind * 2 ** 32 + (hash >>> 0);
}

/** The kind tag of a fingerprint made by `fingerprint`. */
export function kindOf(print: number): number {
  return Math.floor(print / 2 ** 32);
}
