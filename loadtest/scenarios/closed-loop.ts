/**
 * Scenario (a): a closed loop of 64 connections sending the 2 KB chat request back to back,
 * driven by autocannon from code. Measures the target's throughput ceiling. autocannon records
 * latency in whole milliseconds, so p50/p99 here are coarse; the fixed-rate scenario measures
 * latency precisely.
 */
import autocannon from 'autocannon';
import { CHAT_PATH, clientHeaders, REQUEST_BODY } from '../fixtures.ts';

export interface ClosedLoopParams {
  readonly url: string;
  readonly clientKey: string;
  readonly connections: number;
  readonly seconds: number;
}

export interface ClosedLoopResult {
  /** Successful (2xx) responses per second over the run. */
  readonly rps: number;
  readonly ok: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Connection errors and timeouts, plus non-2xx answers. */
  readonly errors: number;
  readonly seconds: number;
}

export async function runClosedLoop(params: ClosedLoopParams): Promise<ClosedLoopResult> {
  const result = await autocannon({
    url: params.url + CHAT_PATH,
    method: 'POST',
    connections: params.connections,
    duration: params.seconds,
    // Bounded twice: by time above and by a per-request timeout here.
    timeout: 10,
    body: REQUEST_BODY,
    headers: clientHeaders(params.clientKey),
  });
  const ok = result['2xx'];
  return {
    rps: ok / result.duration,
    ok,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
    seconds: result.duration,
  };
}
