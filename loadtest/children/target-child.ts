/**
 * Child process: one proxy target, pinned to its own CPU by run.ts. Each target's module is
 * imported only in its own process (dynamic import), so the reference forwarders do not carry
 * distillguard's module graph in their memory and RSS compares like with like.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningServer } from '../listen.ts';
import { serveRpc } from '../rpc.ts';
import { burnPerRequest } from '../targets/burn-per-request.ts';
import type { ChildTargetName } from '../targets/target-names.ts';

export interface TargetStartParams {
  readonly target: ChildTargetName;
  readonly upstreamUrl: string;
  readonly clientKey: string;
  /** A private temporary directory (config, key file, decision log); run.ts removes it. */
  readonly workDir: string;
  /** Synthetic extra CPU per request (µs), to prove the budget check catches a regression. */
  readonly burnMicros: number;
  /** dg-telemetry-on: `telemetry.traces.sample_ratio` (absent: the config's default). */
  readonly traceRatio?: number;
  /** distillguard targets: merged over the config (e.g. more upstream connections). */
  readonly overrides?: Record<string, unknown>;
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
    case 'lean':
    case 'lean-consume': {
      const { startLeanForwarder } = await import('../targets/lean-forwarder.ts');
      return startLeanForwarder(params.upstreamUrl, params.clientKey, {
        consume: params.target === 'lean-consume',
      });
    }
    case 'hybrid-client':
    case 'hybrid-server': {
      const { startHybridClient, startHybridServer } =
        await import('../targets/hybrid-forwarders.ts');
      return params.target === 'hybrid-client'
        ? startHybridClient(params.upstreamUrl, params.clientKey)
        : startHybridServer(params.upstreamUrl, params.clientKey);
    }
    case 'distillguard':
    case 'dg-telemetry-off':
    case 'dg-telemetry-on': {
      const { startDistillguard } = await import('../targets/distillguard.ts');
      // Each distillguard target writes only in its own directory, and removes it, so a
      // SIGKILLed orchestrator (whose own cleanup never runs) leaves no decision logs behind.
      ownDir = join(params.workDir, params.target);
      await mkdir(ownDir, { recursive: true });
      const variant = await telemetryVariant(params);
      return startDistillguard(params.upstreamUrl, params.clientKey, ownDir, {
        ...variant,
        ...(params.overrides ? { overrides: params.overrides } : {}),
      });
    }
  }
}

/**
 * The telemetry comparison: `distillguard` has no telemetry section ("before"); `dg-telemetry-off`
 * configures everything but leaves it disabled (must cost nothing); `dg-telemetry-on` records
 * metrics and traces into in-process sinks.
 */
async function telemetryVariant(params: TargetStartParams) {
  if (params.target === 'dg-telemetry-off') {
    return {
      telemetry: {
        enabled: false,
        traces: { enabled: true, sample_ratio: 1 },
        otlp: { endpoint: 'http://127.0.0.1:4318' },
      },
    };
  }
  if (params.target !== 'dg-telemetry-on') return {};
  const { telemetrySinks } = await import('../targets/telemetry-sinks.ts');
  const traces =
    params.traceRatio === undefined
      ? { enabled: true }
      : { enabled: true, sample_ratio: params.traceRatio };
  return { telemetry: { enabled: true, traces }, hooks: telemetrySinks() };
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
