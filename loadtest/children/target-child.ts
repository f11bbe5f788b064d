/**
 * Child process: one proxy target, pinned to its own CPU by run.ts. Each target's module is
 * imported only in its own process (dynamic import), so the reference forwarders do not carry
 * distillguard's module graph in their memory and RSS compares like with like.
 */
import { rm } from 'node:fs/promises';
import type { RunningServer } from '../listen.ts';
import { serveRpc } from '../rpc.ts';
import { burnPerRequest } from '../targets/burn-per-request.ts';
import type { ProxyTargetName } from '../targets/target-names.ts';

export interface TargetStartParams {
  readonly target: ProxyTargetName;
  readonly upstreamUrl: string;
  readonly clientKey: string;
  /** A private temporary directory (config, key file, decision log); run.ts removes it. */
  readonly workDir: string;
  /** Synthetic extra CPU per request (µs), to prove the budget check catches a regression. */
  readonly burnMicros: number;
}

let running: RunningServer | undefined;
let ownDir: string | undefined;

async function start(params: TargetStartParams): Promise<RunningServer> {
  switch (params.target) {
    case 'bare': {
      const { startBarePassthrough } = await import('../targets/bare-passthrough.ts');
      return startBarePassthrough(params.upstreamUrl);
    }
    case 'minimal': {
      const { startMinimalForwarder } = await import('../targets/minimal-forwarder.ts');
      return startMinimalForwarder(params.upstreamUrl, params.clientKey);
    }
    case 'distillguard': {
      const { startDistillguard } = await import('../targets/distillguard.ts');
      // Only distillguard writes there; it also removes it, so a SIGKILLed orchestrator (whose own
      // cleanup never runs) does not leave decision logs behind in the temp directory.
      ownDir = params.workDir;
      return startDistillguard(params.upstreamUrl, params.clientKey, params.workDir);
    }
  }
}

serveRpc(
  {
    // Debugging aid: the heap breakdown behind the RSS that run.ts reads from /proc.
    memory: () => Promise.resolve(process.memoryUsage()),
    async start(raw) {
      const params = raw as TargetStartParams;
      if (params.burnMicros > 0) burnPerRequest(params.burnMicros);
      running = await start(params);
      return { url: running.url };
    },
  },
  async () => {
    await running?.close();
    if (ownDir !== undefined) await rm(ownDir, { recursive: true, force: true });
  },
);
