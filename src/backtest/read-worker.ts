/**
 * The reading half of a pipelined backtest (pipelined-read.ts), on a worker thread: reads and
 * parses the logs exactly as readLogs does on one thread and posts the records, in the order read,
 * in batches (record-batch.ts) with their buffers transferred, then the read's summary. The
 * replaying thread puts them in start order: reading and parsing cost far more than the replay,
 * so the re-sorting window (thousands of records the garbage collector must keep) is held on the
 * thread with time to spare. It waits while the replaying thread has MAX_IN_FLIGHT batches to go,
 * so memory stays bounded whatever the log.
 * Errors are posted as messages, never thrown across the thread.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { LogSource } from '../decision-log/open-log.ts';
import { readLogs } from '../decision-log/read-logs.ts';
import { MAX_IN_FLIGHT, type ReaderMessage } from './pipelined-read.ts';
import { BatchWriter, type BatchArrays } from './record-batch.ts';
import type { ReplayRecord } from './replay-record.ts';
import { ReplayLineScanner } from './scan-replay-line.ts';

const {
  sources,
  inFlight: shared,
  lean,
} = workerData as {
  sources: readonly LogSource[];
  inFlight: SharedArrayBuffer;
  lean: boolean;
};
const inFlight = new Int32Array(shared);
const writer = new BatchWriter();
const receive = (): { message: unknown } | undefined =>
  parentPort === null ? undefined : receiveMessageOnPort(parentPort);

function post(message: ReaderMessage, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(message, transfer);
}

function send(): void {
  // Arrays the replaying thread has finished with come back on the same port.
  for (let back = receive(); back !== undefined; back = receive())
    writer.recycle(back.message as BatchArrays);
  const batch = writer.take();
  Atomics.add(inFlight, 0, 1);
  post({ kind: 'batch', batch }, [batch.numbers.buffer, batch.strings.buffer, batch.more.buffer]);
  // Blocks this thread only: the replaying thread counts down as it finishes batches.
  for (let waiting = Atomics.load(inFlight, 0); waiting >= MAX_IN_FLIGHT;) {
    Atomics.wait(inFlight, 0, waiting);
    waiting = Atomics.load(inFlight, 0);
  }
}

// Its strings are copied into the batch's text at once: slices of the text scanned will do.
const scanner = new ReplayLineScanner(false);
readLogs<ReplayRecord>(
  sources,
  (record) => {
    if (writer.add(record)) send();
  },
  lean ? { scan: (buf, start, end) => scanner.scan(buf, start, end) } : {},
).then(
  (outcome) => {
    if (writer.size > 0) send();
    post({ kind: 'done', outcome });
  },
  (error: unknown) =>
    post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
);
