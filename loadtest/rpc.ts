/**
 * A minimal request/response protocol over Node's IPC channel between the orchestrator and its
 * child processes (upstream, targets, load generator). Child side: `serveRpc`. A child also exits
 * by itself when the channel closes, so an orchestrator killed with SIGKILL leaves no orphans.
 */

export interface RpcRequest {
  readonly id: number;
  readonly method: string;
  readonly params: unknown;
}

export type RpcReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

export type RpcMethods = Readonly<Record<string, (params: unknown) => Promise<unknown>>>;

/** Grace for a child's own cleanup once told to stop or orphaned. */
const STOP_GRACE_MS = 3_000;

/**
 * Answers the parent's calls with `methods`; the reserved method `stop` runs `onStop` and exits.
 * Must be called once, in a process started with an IPC channel.
 */
export function serveRpc(methods: RpcMethods, onStop: () => Promise<void>): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('serveRpc: this process has no IPC channel (start it via run.ts)');
  let stopping = false;
  const stop = (afterwards: () => void): void => {
    if (stopping) return;
    stopping = true;
    // Exit even if cleanup hangs: a stuck child must never outlive the run.
    setTimeout(() => process.exit(0), STOP_GRACE_MS).unref();
    void onStop()
      .catch(() => {})
      .finally(afterwards);
  };

  process.on('message', (message: RpcRequest) => {
    if (message.method === 'stop') {
      stop(() => send({ id: message.id, ok: true, value: null }, () => process.exit(0)));
      return;
    }
    const method = methods[message.method];
    const call = method
      ? method(message.params)
      : Promise.reject(new Error(`unknown method ${message.method}`));
    call.then(
      (value) => send({ id: message.id, ok: true, value } satisfies RpcReply),
      (error: unknown) =>
        send({
          id: message.id,
          ok: false,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        } satisfies RpcReply),
    );
  });
  // The orchestrator went away (exit, crash, SIGKILL): clean up and leave.
  process.on('disconnect', () => stop(() => process.exit(0)));
}
