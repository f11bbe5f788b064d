/**
 * Child process: the load generator, pinned next to the upstream (CPU 1) so the proxy has its own
 * core. One long-lived process for the whole run, so its JIT is as warm for the last target as
 * for the first; scenarios run one at a time.
 */
import { serveRpc } from '../rpc.ts';
import { runClosedLoop, type ClosedLoopParams } from '../scenarios/closed-loop.ts';
import { runFixedRate, type FixedRateParams } from '../scenarios/fixed-rate.ts';
import { runSseStreams, type SseParams } from '../scenarios/sse-streams.ts';

serveRpc(
  {
    closedLoop: (params) => runClosedLoop(params as ClosedLoopParams),
    fixedRate: (params) => runFixedRate(params as FixedRateParams),
    sseStreams: (params) => runSseStreams(params as SseParams),
  },
  () => Promise.resolve(),
);
