/**
 * The decision-log writer. `write` only serialises and appends to an in-memory batch, so the hot
 * path never waits for the disk; a timer (or a full batch) flushes batches with one write each.
 * Rotation is size-based. If the disk is slow, full or failing, the batch is kept and retried up
 * to `max_buffer_bytes`; beyond that records are dropped and counted — traffic never stops for
 * the log. `close` flushes everything (used on shutdown).
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DecisionRecord } from './record.ts';

export interface DecisionLogOptions {
  /** File path, or "-" for stdout. */
  readonly path: string;
  readonly flush_interval: number;
  readonly max_buffer_bytes: number;
  readonly rotate_bytes: number;
  readonly max_files: number;
}

export interface DecisionLogStats {
  written: number;
  dropped: number;
  writeErrors: number;
  rotations: number;
  pendingBytes: number;
}

export interface DecisionLog {
  write(record: DecisionRecord): void;
  /** Writes everything pending; resolves when it is on disk (or has failed and is still pending). */
  flush(): Promise<void>;
  close(): Promise<void>;
  stats(): Readonly<DecisionLogStats>;
}

export interface DecisionLogEvents {
  /** A write failed (e.g. ENOSPC); records are kept for retry until the buffer cap. */
  onWriteError(error: NodeJS.ErrnoException): void;
  /** Records were dropped because the buffer was full. */
  onDrop(count: number): void;
}

/** Batches above this size are flushed at once instead of waiting for the timer. */
const EAGER_FLUSH_BYTES = 256 * 1024;

export function createDecisionLog(
  options: DecisionLogOptions,
  events: DecisionLogEvents,
): DecisionLog {
  const sink = options.path === '-' ? stdoutSink() : fileSink(options);
  const stats: DecisionLogStats = {
    written: 0,
    dropped: 0,
    writeErrors: 0,
    rotations: 0,
    pendingBytes: 0,
  };
  let pending: string[] = [];
  let inFlight: Promise<void> | undefined;
  let closed = false;
  const timer = setInterval(() => void flush(), options.flush_interval);
  timer.unref();

  function write(record: DecisionRecord): void {
    const line = `${JSON.stringify(record)}\n`;
    if (stats.pendingBytes + line.length > options.max_buffer_bytes) {
      stats.dropped++;
      events.onDrop(1);
      return;
    }
    pending.push(line);
    stats.pendingBytes += line.length;
    if (stats.pendingBytes >= EAGER_FLUSH_BYTES && !inFlight) setImmediate(() => void flush());
  }

  function flush(): Promise<void> {
    if (inFlight) return inFlight.then(() => (pending.length > 0 ? flush() : undefined));
    if (pending.length === 0) return Promise.resolve();
    const batch = pending;
    pending = [];
    const chunk = batch.join('');
    inFlight = sink
      .write(chunk)
      .then(
        () => {
          stats.written += batch.length;
          stats.pendingBytes -= chunk.length;
        },
        (error: unknown) => {
          // Keep the batch (ahead of newer records) so a transient failure loses nothing.
          stats.writeErrors++;
          pending = batch.concat(pending);
          events.onWriteError(error as NodeJS.ErrnoException);
        },
      )
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    await flush();
    await sink.close();
  }

  return {
    write,
    flush,
    close,
    stats: () => ({ ...stats, rotations: sink.rotations() }),
  };
}

interface Sink {
  write(chunk: string): Promise<void>;
  close(): Promise<void>;
  rotations(): number;
}

function stdoutSink(): Sink {
  return {
    write: (chunk) =>
      new Promise((resolve, reject) => {
        process.stdout.write(chunk, (error) => (error ? reject(error) : resolve()));
      }),
    close: async () => {},
    rotations: () => 0,
  };
}

function fileSink(options: DecisionLogOptions): Sink {
  mkdirSync(dirname(options.path), { recursive: true });
  let handle: FileHandle | undefined;
  let size = 0;
  let rotations = 0;

  async function ensureOpen(): Promise<FileHandle> {
    if (handle) return handle;
    const opened = await open(options.path, 'a', 0o640);
    size = (await opened.stat()).size;
    handle = opened;
    return opened;
  }

  async function rotate(): Promise<void> {
    await handle?.close();
    handle = undefined;
    // decisions.ndjson → .1 → .2 …; the oldest beyond max_files is removed.
    await rm(`${options.path}.${options.max_files}`, { force: true });
    for (let i = options.max_files - 1; i >= 1; i--) {
      await rename(`${options.path}.${i}`, `${options.path}.${i + 1}`).catch(ignoreMissing);
    }
    await rename(options.path, `${options.path}.1`).catch(ignoreMissing);
    rotations++;
  }

  return {
    async write(chunk) {
      let file = await ensureOpen();
      const bytes = Buffer.byteLength(chunk);
      if (size > 0 && size + bytes > options.rotate_bytes) {
        await rotate();
        file = await ensureOpen();
      }
      await file.write(chunk);
      size += bytes;
    },
    async close() {
      await handle?.close();
      handle = undefined;
    },
    rotations: () => rotations,
  };
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}
