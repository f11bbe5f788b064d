/**
 * distillguard API keys: `dg_` + 40 base62 characters of randomness (~238 bits) + a 6-character
 * base62 CRC-32 checksum. The prefix makes leaked keys recognisable to secret scanners; the
 * checksum lets the authenticate stage reject typos and foreign keys before any lookup. Only the
 * SHA-256 of a key is ever stored or compared (lookup by hash, so no early-exit string compare).
 */
import { hash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

export const API_KEY_PREFIX = 'dg_';
const BODY_LENGTH = 40;
const CHECKSUM_LENGTH = 6;
export const API_KEY_LENGTH = API_KEY_PREFIX.length + BODY_LENGTH + CHECKSUM_LENGTH;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KEY_SHAPE = new RegExp(`^${API_KEY_PREFIX}[0-9A-Za-z]{${BODY_LENGTH + CHECKSUM_LENGTH}}$`);

/** A new random key. The caller shows it once and stores only `hashApiKey(key)`. */
export function generateApiKey(): string {
  const body = randomBase62(BODY_LENGTH);
  return `${API_KEY_PREFIX}${body}${checksum(API_KEY_PREFIX + body)}`;
}

/** A public identifier for a key (safe to log and list). */
export function generateKeyId(): string {
  return `key_${randomBase62(16)}`;
}

/** True when `key` has the distillguard prefix, length, alphabet and a matching checksum. */
export function hasValidKeyShape(key: string): boolean {
  if (key.length !== API_KEY_LENGTH || !KEY_SHAPE.test(key)) return false;
  const split = API_KEY_LENGTH - CHECKSUM_LENGTH;
  return checksum(key.slice(0, split)) === key.slice(split);
}

/** Hex SHA-256 of a key: what key files store. */
export function hashApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}

/** The raw 32-byte SHA-256 of a key: what the key table is indexed by (no hex on the hot path). */
export function digestApiKey(key: string): Buffer {
  return hash('sha256', key, 'buffer');
}

function checksum(text: string): string {
  let value = crc32(text);
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62.charAt(value % 62) + out;
    value = Math.floor(value / 62);
  }
  return out;
}

function randomBase62(length: number): string {
  // Rejection sampling keeps every character uniform (256 is not a multiple of 62).
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62.charAt(byte % 62);
    }
  }
  return out;
}
