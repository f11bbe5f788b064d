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
export type ProxyTargetName = Exclude<TargetName, 'direct'>;

export const TARGET_LABELS: Readonly<Record<TargetName, string>> = {
  direct: 'direct to upstream',
  bare: 'bare undici passthrough',
  minimal: 'minimal undici forwarder',
  distillguard: 'distillguard (full path)',
  'dg-telemetry-off': 'distillguard, telemetry configured, disabled',
  'dg-telemetry-on': 'distillguard, telemetry on (metrics + spans, in-process sinks)',
};
