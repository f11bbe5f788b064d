/**
 * The command timeout, judged after this process has read its sockets.
 *
 * Node runs expired timers at the start of a loop turn, before it polls for I/O. When the loop
 * was busy for longer than the timeout (a proxy saturated by its own requests, a GC pause, the
 * CPU taken by another process), a plain timer fires while the reply — sent by Redis within a
 * millisecond — is already waiting in the socket: the command counts as timed out, feeds the
 * breaker and, for a spend, goes to the reconcile ledger as lost, although Redis answered in
 * time. Measured on the Redis bench: 20–60 commands "timed out" at once after loop stalls of
 * 60–400 ms, opening the breaker several times a round.
 *
 * Here the timer only schedules the verdict for the check phase of the same turn (setImmediate),
 * which comes after the poll phase: a reply already received settles the command first. A reply
 * that has not come by then did not come in time, however busy the loop was.
 */

/** The rejection of a command without a reply in time (`classify` names it "timeout"). */
export class CommandTimeoutError extends Error {
  constructor() {
    super('Command timed out');
    this.name = 'CommandTimeoutError';
  }
}

/** `sent`, or a CommandTimeoutError when no reply was read within `ms` (see the module comment). */
export function withCommandTimeout<T>(sent: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      setImmediate(() => {
        if (settled) return;
        settled = true;
        reject(new CommandTimeoutError());
      });
    }, ms);
    sent.then(
      (value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
