/**
 * Config value types that need parsing: durations ("250ms", "10s", "5m", "1h") and byte sizes
 * ("512KiB", "10MiB", "1GB", or a bare integer). Parsed once at config load, never per request.
 */
import { z } from 'zod';

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const DURATION_FACTORS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** Parses "250ms" / "10s" / "5m" / "1h" into milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  const unit = match[2] as keyof typeof DURATION_FACTORS;
  return Math.round(Number(match[1]) * DURATION_FACTORS[unit]);
}

const BYTES = /^(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?$/;
const BYTE_FACTORS = {
  B: 1,
  KB: 1_000,
  KiB: 1_024,
  MB: 1_000_000,
  MiB: 1_048_576,
  GB: 1_000_000_000,
  GiB: 1_073_741_824,
} as const;

/** Parses "512KiB" / "10MB" / "1024" into a byte count; undefined when malformed. */
export function parseBytes(text: string): number | undefined {
  const match = BYTES.exec(text);
  if (!match) return undefined;
  const unit = (match[2] ?? 'B') as keyof typeof BYTE_FACTORS;
  return Math.floor(Number(match[1]) * BYTE_FACTORS[unit]);
}

/** A duration field: accepts a string like "10s" and yields milliseconds. */
export function duration(defaultValue: string) {
  return z
    .string()
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a duration like "250ms", "10s", "5m" or "1h", got "${text}"`,
        });
        return z.NEVER;
      }
      return ms;
    })
    .prefault(defaultValue)
    .meta({ description: 'duration: a number with ms, s, m or h (e.g. "10s")' });
}

/** A byte-size field: accepts "512KiB", "10MB" or an integer and yields bytes. */
export function byteSize(defaultValue: string) {
  return z
    .union([z.number().int().nonnegative(), z.string()])
    .transform((value, ctx) => {
      const bytes = typeof value === 'number' ? value : parseBytes(value);
      if (bytes === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a size like "512KiB", "10MiB" or a number of bytes, got "${String(value)}"`,
        });
        return z.NEVER;
      }
      return bytes;
    })
    .prefault(defaultValue)
    .meta({ description: 'size: bytes, or a number with B, KB, KiB, MB, MiB, GB or GiB' });
}
