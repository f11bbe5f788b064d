/**
 * One re-read of shared state at a time: a call while one runs asks for exactly one more run after
 * it (so a change announced mid-run is never missed), however many calls arrive meanwhile. The
 * promise returned settles when no run is left to do; it never rejects (a failed run is already
 * counted by the connection, and the next version check tries again).
 */
export function coalesced(run: () => Promise<void>): () => Promise<void> {
  let requested = 0;
  let running: Promise<void> | undefined;
  const loop = async (): Promise<void> => {
    for (let done = -1; done !== requested;) {
      done = requested;
      await run().catch(() => undefined);
    }
    running = undefined;
  };
  return () => {
    requested++;
    running ??= loop();
    return running;
  };
}
