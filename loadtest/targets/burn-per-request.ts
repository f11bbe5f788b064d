/**
 * A synthetic regression: spends `micros` of CPU synchronously on every HTTP request the process
 * serves, without touching the proxy's code — it hooks Node's `http.server.request.start`
 * diagnostics channel, which fires inside the request's own tick. The minimal forwarder's whole
 * per-request cost here is ~55 µs, so `npm run loadtest -- --quick --check --burn-us 60` adds at
 * least a doubling of what a budget-meeting distillguard costs, and must fail the check.
 */
import { subscribe } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';

export function burnPerRequest(micros: number): void {
  subscribe('http.server.request.start', () => {
    const until = performance.now() + micros / 1000;
    while (performance.now() < until) {
      // Busy-wait on purpose: this is the cost being simulated.
    }
  });
}
