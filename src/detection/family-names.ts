/**
 * The signal families' names, apart from the detection config's schema: the log readers need
 * them, and a backtest's reading thread should not load zod to get them (about 0.1 s of a worker's
 * start, measured 2026-12-04).
 */

/** Signal families: a score above the single-family cap needs two of them (THREATS.md). */
export const FAMILIES = [
  'volume',
  'templates',
  'focus',
  'elicitation',
  'grading',
  'agentic',
  'harvest',
  'provenance',
  'pivot',
  'cluster',
] as const;
export type Family = (typeof FAMILIES)[number];

/** Each family's index in FAMILIES (the activation arrays' order). */
export const FAMILY_INDEX: Readonly<Record<Family, number>> = Object.freeze(
  Object.fromEntries(FAMILIES.map((family, index) => [family, index])) as Record<Family, number>,
);
