/** The targets of a run, in report order. `direct` has no proxy process: the client hits the upstream. */
export const TARGETS = [
  'direct',
  'bare',
  'minimal',
  'distillguard',
  'dg-telemetry-off',
  'dg-telemetry-on',
] as const;
export type TargetName = (typeof TARGETS)[number];
/**
 * Experimental reference targets: runnable as proxy children (side-by-side.ts pairs) but not part
 * of `npm run loadtest`'s rounds, report or budget.
 */
export const EXPERIMENTAL_TARGETS = [
  'lean',
  'lean-consume',
  'hybrid-client',
  'hybrid-server',
] as const;
export type ProxyTargetName = Exclude<TargetName, 'direct'>;
/** What a target child can start: the run's proxy targets and the experimental ones. */
export type ChildTargetName = ProxyTargetName | (typeof EXPERIMENTAL_TARGETS)[number];

export const TARGET_LABELS: Readonly<Record<TargetName | ChildTargetName, string>> = {
  direct: 'direct to upstream',
  bare: 'bare undici passthrough',
  minimal: 'minimal undici forwarder',
  lean: 'lean forwarder (node:net + llhttp, experimental)',
  'lean-consume': 'lean forwarder, llhttp reading the sockets natively (experimental)',
  'hybrid-client': 'node:http server + lean upstream client (experimental)',
  'hybrid-server': 'lean server + undici upstream (experimental)',
  distillguard: 'distillguard (full path)',
  'dg-telemetry-off': 'distillguard, telemetry configured, disabled',
  'dg-telemetry-on': 'distillguard, telemetry on (metrics + spans, in-process sinks)',
};
