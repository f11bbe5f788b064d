/**
 * Bounds a simulation: at most `concurrency` requests in flight and at most `rate` started per
 * second across every actor (requests are spaced evenly, first come first served). Waiters are
 * released with `false` when the run stops, so nothing queued past the end is sent.
 */

export interface SendGate {
  /** Resolves true when the caller may send, false when the run stopped while it waited. */
  acquire(): Promise<boolean>;
  release(): void;
  /** Refuses every waiter and every later acquire. */
  close(): void;
}

export function createSendGate(concurrency: number, rate: number): SendGate {
  const interval = 1000 / rate;
  let nextAt = 0;
  let inflight = 0;
  let closed = false;
  // Read through a function: it changes during the await, which narrowing does not see.
  const isClosed = (): boolean => closed;
  const waiting: ((ok: boolean) => void)[] = [];
  const timers = new Map<NodeJS.Timeout, () => void>();

  const admit = (): Promise<boolean> => {
    if (inflight < concurrency) {
      inflight++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => waiting.push(resolve));
  };

  return {
    async acquire() {
      if (isClosed()) return false;
      const now = performance.now();
      const at = Math.max(now, nextAt);
      nextAt = at + interval;
      if (at > now) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, at - now);
          timers.set(timer, resolve);
        });
      }
      if (isClosed()) return false;
      return admit();
    },
    release() {
      const next = waiting.shift();
      if (next) next(true);
      else inflight--;
    },
    close() {
      closed = true;
      for (const [timer, resolve] of timers) {
        clearTimeout(timer);
        resolve();
      }
      timers.clear();
      for (const resolve of waiting.splice(0)) resolve(false);
    },
  };
}
