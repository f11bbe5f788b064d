/**
 * Opens a decision log for reading as a stream of large byte chunks, plain or gzip — told apart
 * by the gzip magic bytes, never by the file name (a rotated `decisions.ndjson.3` may be either).
 * Decompression runs on libuv's thread pool, beside the parsing on the main thread. A gzip stream
 * that ends early or is damaged is not an exception for the caller: the chunks before the damage
 * are delivered, and `damage()` says what happened.
 */
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

/** Chunks this large keep per-chunk costs (a syscall, a promise) out of the profile. */
const CHUNK_BYTES = 1 << 20;

/** Bytes [start, end) of a plain log, starting on a line (a part read by one thread). */
export interface LogRange {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

/** A whole log file, or a range of one. */
export type LogSource = string | LogRange;

export interface LogInput {
  readonly file: string;
  /** Size on disk. */
  readonly size: number;
  readonly compressed: boolean;
  /** The file's bytes (decompressed). */
  chunks(): AsyncIterable<Buffer>;
  /** After reading: why the stream ended early (a truncated or damaged gzip), or null. */
  damage(): string | null;
}

export type OpenedLog =
  | { readonly ok: true; readonly input: LogInput }
  | { readonly ok: false; readonly message: string };

export async function openLog(source: LogSource): Promise<OpenedLog> {
  const file = typeof source === 'string' ? source : source.file;
  const range = typeof source === 'string' ? undefined : source;
  let size: number;
  let magic: Buffer;
  try {
    const info = await stat(file);
    if (!info.isFile()) return { ok: false, message: `${file}: not a regular file` };
    size = info.size;
    const handle = await open(file, constants.O_RDONLY);
    try {
      magic = Buffer.alloc(2);
      await handle.read(magic, 0, 2, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { ok: false, message: `${file}: ${describeFsError(error)}` };
  }
  const compressed = magic[0] === 0x1f && magic[1] === 0x8b;
  // A gzip stream can only be read from its start: a range of one is a caller's mistake.
  if (compressed && range !== undefined)
    return { ok: false, message: `${file}: a gzip log cannot be read from the middle` };
  if (range !== undefined) size = range.end - range.start;
  let damage: string | null = null;
  return {
    ok: true,
    input: {
      file,
      size,
      compressed,
      damage: () => damage,
      async *chunks() {
        const raw = createReadStream(file, {
          highWaterMark: CHUNK_BYTES,
          ...(range === undefined ? {} : { start: range.start, end: range.end - 1 }),
        });
        if (!compressed) {
          yield* raw as AsyncIterable<Buffer>;
          return;
        }
        const gunzip = createGunzip({ chunkSize: CHUNK_BYTES / 4 });
        raw.on('error', (error) => gunzip.destroy(error));
        raw.pipe(gunzip);
        try {
          for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          // A read error of the file itself is a failure; damaged compressed data is input.
          if (code !== 'Z_BUF_ERROR' && code !== 'Z_DATA_ERROR') throw error;
          damage =
            code === 'Z_BUF_ERROR'
              ? 'gzip stream ends early (truncated file)'
              : 'gzip data is damaged';
        } finally {
          raw.destroy();
        }
      },
    },
  };
}

/** A file system error as a short message (never a stack). */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
