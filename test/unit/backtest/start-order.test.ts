/**
 * Records back in start order: a log written as responses end is re-sorted within the window
 * (property), and what comes later than the window allows is counted, not lost. The heap under
 * it pops in key order whatever the pushes (property).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LoggedRecord } from '../../../src/decision-log/logged-record.ts';
import { START_ORDER_CAPACITY, StartOrder } from '../../../src/backtest/start-order.ts';
import { MinHeap } from '../../../src/util/min-heap.ts';
import { loggedRecord } from '../../helpers/record-arbitrary.ts';

const T0 = Date.parse('2026-12-01T00:00:00.000Z');
const base = loggedRecord();
const at = (time: number): LoggedRecord => ({ ...base, time });

describe('MinHeap', () => {
  it('pops in key order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), (keys) => {
        const heap = new MinHeap<number>();
        for (const key of keys) heap.push(key, key);
        const out: number[] = [];
        for (let next = heap.pop(); next !== undefined; next = heap.pop()) out.push(next);
        expect(out).toEqual([...keys].sort((a, b) => a - b));
      }),
    );
  });

  it('pops by key, then tie, then in the order pushed (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ key: fc.nat(3), tie: fc.nat(3) }), { maxLength: 200 }),
        fc.array(fc.boolean(), { maxLength: 400 }),
        (pushes, pops) => {
          // Pops interleaved with pushes: the heap's order holds through every sift.
          const heap = new MinHeap<number>();
          const held: number[] = [];
          const out: number[] = [];
          const expected: number[] = [];
          const byOrder = (a: number, b: number): number => {
            const x = pushes[a] as { key: number; tie: number };
            const y = pushes[b] as { key: number; tie: number };
            return x.key - y.key || x.tie - y.tie || a - b;
          };
          let next = 0;
          for (const pop of pops) {
            if (pop && held.length > 0) {
              held.sort(byOrder);
              expected.push(held.shift() as number);
              out.push(heap.pop() as number);
            } else if (next < pushes.length) {
              const { key, tie } = pushes[next] as { key: number; tie: number };
              heap.push(next, key, tie);
              held.push(next++);
            }
          }
          held.sort(byOrder);
          expected.push(...held);
          for (let item = heap.pop(); item !== undefined; item = heap.pop()) out.push(item);
          expect(out).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('StartOrder', () => {
  it('replays requests in the order they started when a log is written as they end (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ start: fc.nat(600_000), length: fc.nat(120_000) }), {
          maxLength: 300,
        }),
        (requests) => {
          // The log's order: by end time.
          const logged = requests
            .map((r) => ({ start: T0 + r.start, end: T0 + r.start + r.length }))
            .sort((a, b) => a.end - b.end);
          const order = new StartOrder();
          const out: number[] = [];
          for (const r of logged) order.push(at(r.start), (record) => out.push(record.time));
          order.flush((record) => out.push(record.time));
          expect(out).toEqual(logged.map((r) => r.start).sort((a, b) => a - b));
          expect(order.late).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('replays requests of one millisecond in the order they arrived, whatever order they were logged in', () => {
    // Five requests of one process in one millisecond: the last two refused at once (logged
    // first), the first three served (logged as they end), then a request of another process.
    const logged = [3, 4, 1, 0, 2].map((arrival) => ({ ...at(T0), arrival }));
    const order = new StartOrder();
    const out: number[] = [];
    for (const record of logged) order.push(record, (r) => out.push(r.arrival));
    order.flush((r) => out.push(r.arrival));
    expect(out).toEqual([0, 1, 2, 3, 4]);
    // Ids of another shape (arrival 0 for all) keep the log's order.
    const foreign = [7, 8, 9].map((n) => ({ ...at(T0), arrival: 0, key_id: `k${String(n)}` }));
    const kept: (string | null)[] = [];
    const again = new StartOrder();
    for (const record of foreign) again.push(record, (r) => kept.push(r.key_id));
    again.flush((r) => kept.push(r.key_id));
    expect(kept).toEqual(['k7', 'k8', 'k9']);
  });

  it('holds at most its capacity and counts what arrives too late', () => {
    const order = new StartOrder();
    const out: number[] = [];
    for (let i = 0; i <= START_ORDER_CAPACITY; i++)
      order.push(at(T0 + 1000 + i), (r) => out.push(r.time));
    expect(out).toEqual([T0 + 1000]);
    order.push(at(T0), (r) => out.push(r.time)); // started before one already replayed
    order.flush((r) => out.push(r.time));
    expect(out).toHaveLength(START_ORDER_CAPACITY + 2);
    expect(order.late).toBe(1);
  });
});
