import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  API_KEY_LENGTH,
  API_KEY_PREFIX,
  generateApiKey,
  generateKeyId,
  hashApiKey,
  hasValidKeyShape,
} from '../../../src/auth/api-key.ts';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

describe('api keys', () => {
  it('generates recognisable, well-formed, unique keys', () => {
    const keys = new Set(Array.from({ length: 200 }, generateApiKey));
    expect(keys.size).toBe(200);
    for (const key of keys) {
      expect(key.startsWith(API_KEY_PREFIX)).toBe(true);
      expect(key).toHaveLength(API_KEY_LENGTH);
      expect(hasValidKeyShape(key)).toBe(true);
    }
    expect(generateKeyId()).toMatch(/^key_[0-9A-Za-z]{16}$/);
  });

  it('rejects foreign keys and wrong lengths before any lookup', () => {
    expect(hasValidKeyShape('sk-ant-api03-abcdef')).toBe(false);
    expect(hasValidKeyShape('')).toBe(false);
    expect(hasValidKeyShape(generateApiKey().slice(0, -1))).toBe(false);
    expect(hasValidKeyShape(`${generateApiKey()}x`)).toBe(false);
    expect(hasValidKeyShape(generateApiKey().replace('dg_', 'dx_'))).toBe(false);
  });

  it('catches every single-character typo with the checksum (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: API_KEY_PREFIX.length, max: API_KEY_LENGTH - 1 }),
        fc.integer({ min: 1, max: 61 }),
        (position, shift) => {
          const key = generateApiKey();
          const original = key.charAt(position);
          const replacement = BASE62.charAt((BASE62.indexOf(original) + shift) % 62);
          const typo = key.slice(0, position) + replacement + key.slice(position + 1);
          return !hasValidKeyShape(typo);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('hashes with SHA-256 (hex), never storing the key', () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).toBe(hashApiKey(key));
    expect(hashApiKey(key)).not.toContain(key.slice(3, 12));
  });
});
