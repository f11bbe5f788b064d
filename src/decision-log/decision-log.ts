/**
 * The decision-log writer. `write` only serialises a record and encodes it into an off-heap block,
 * so the hot path never waits for the disk and keeps nothing on the V8 heap; a timer (or a full
 * batch) flushes the blocks with one writev each.
 * Rotation is size-based. If the disk is slow, full or failing, the batch is kept and retried up
 * to `max_buffer_bytes`; beyond that records are dropped and counted — traffic never stops for
 * the log. `close` flushes everything (used on shutdown).
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DecisionRecord } from './record.ts';
import { encodeDecisionRecord } from './serialize-record.ts';

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
/** Lines are encoded straight into blocks of this size, off the V8 heap, and reused. */
const BLOCK_BYTES = 64 * 1024;
const SPARE_BLOCKS = 16;
const NEWLINE = 10;

/**
 * Pending lines, encoded once into off-heap blocks (no per-line strings kept, no batch join):
 * sealed blocks wait in order, the current one fills up. Written blocks return to a free list.
 */
class PendingLines {
  private sealed: Buffer[] = [];
  private current: Buffer | undefined = undefined;
  private offset = 0;
  private readonly spare: Buffer[] = [];
  lines = 0;

  /** Appends a line's bytes (plus newline); returns its size in bytes. */
  append(line: Buffer): number {
    const size = line.length + 1;
    if (!this.current || this.current.length - this.offset < size) {
      this.seal();
      this.current = this.spare.pop() ?? Buffer.allocUnsafeSlow(Math.max(BLOCK_BYTES, size));
      if (this.current.length < size) this.current = Buffer.allocUnsafeSlow(size);
    }
    line.copy(this.current, this.offset);
    this.current[this.offset + line.length] = NEWLINE;
    this.offset += size;
    this.lines++;
    return size;
  }

  /** Everything pending, in order, leaving this empty. */
  take(): { buffers: Buffer[]; lines: number } {
    this.seal();
    const batch = { buffers: this.sealed, lines: this.lines };
    this.sealed = [];
    this.lines = 0;
    return batch;
  }

  /** Puts a batch that failed to write back in front of newer lines. */
  restore(batch: { buffers: Buffer[]; lines: number }): void {
    this.sealed = batch.buffers.concat(this.sealed);
    this.lines += batch.lines;
  }

  /** Returns the blocks of a written batch for reuse. */
  recycle(buffers: readonly Buffer[]): void {
    for (const view of buffers) {
      if (this.spare.length >= SPARE_BLOCKS || view.buffer.byteLength !== BLOCK_BYTES) continue;
      this.spare.push(Buffer.from(view.buffer, 0, BLOCK_BYTES));
    }
  }

  private seal(): void {
    if (this.current && this.offset > 0) {
      this.sealed.push(this.current.subarray(0, this.offset));
      this.current = undefined;
    }
    this.offset = 0;
  }
}

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
  const pending = new PendingLines();
  let inFlight: Promise<void> | undefined;
  let closed = false;
  const timer = setInterval(() => void flush(), options.flush_interval);
  timer.unref();

  function write(record: DecisionRecord): void {
    const line = encodeDecisionRecord(record);
    if (stats.pendingBytes + line.length + 1 > options.max_buffer_bytes) {
      stats.dropped++;
      events.onDrop(1);
      return;
    }
    stats.pendingBytes += pending.append(line);
    if (stats.pendingBytes >= EAGER_FLUSH_BYTES && !inFlight) setImmediate(() => void flush());
  }

  function flush(): Promise<void> {
    if (inFlight) return inFlight.then(() => (pending.lines > 0 ? flush() : undefined));
    if (pending.lines === 0) return Promise.resolve();
    const batch = pending.take();
    let bytes = 0;
    for (const buffer of batch.buffers) bytes += buffer.length;
    inFlight = sink
      .write(batch.buffers, bytes)
      .then(
        () => {
          stats.written += batch.lines;
          stats.pendingBytes -= bytes;
          pending.recycle(batch.buffers);
        },
        (error: unknown) => {
          // Keep the batch (ahead of newer records) so a transient failure loses nothing.
          stats.writeErrors++;
          pending.restore(batch);
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
  write(buffers: readonly Buffer[], bytes: number): Promise<void>;
  close(): Promise<void>;
  rotations(): number;
}

function stdoutSink(): Sink {
  return {
    write: (buffers) =>
      new Promise((resolve, reject) => {
        process.stdout.write(Buffer.concat(buffers), (error) =>
          error ? reject(error) : resolve(),
        );
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
    async write(buffers, bytes) {
      let file = await ensureOpen();
      if (size > 0 && size + bytes > options.rotate_bytes) {
        await rotate();
        file = await ensureOpen();
      }
      await writeAll(file, buffers);
      size += bytes;
    },
    async close() {
      await handle?.close();
      handle = undefined;
    },
    rotations: () => rotations,
  };
}

/** writev until every byte is down (a regular file may accept a short write, e.g. near ENOSPC). */
async function writeAll(file: FileHandle, buffers: readonly Buffer[]): Promise<void> {
  const remaining = [...buffers];
  while (remaining.length > 0) {
    let { bytesWritten } = await file.writev(remaining);
    if (bytesWritten === 0) throw Object.assign(new Error('short write'), { code: 'EIO' });
    while (remaining.length > 0 && bytesWritten >= (remaining[0] as Buffer).length) {
      bytesWritten -= (remaining[0] as Buffer).length;
      remaining.shift();
    }
    if (remaining.length > 0 && bytesWritten > 0) {
      remaining[0] = (remaining[0] as Buffer).subarray(bytesWritten);
    }
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}
