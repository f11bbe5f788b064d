/**
 * A small seeded random generator (mulberry32) for the simulator: the same seed gives the same
 * personas, prompts and schedule, so a report can be reproduced (up to machine timing).
 */

export interface Rng {
  /** Uniform in [0, 1); a plain function, safe to pass on alone (`createRng(seed).next`). */
  readonly next: () => number;
  /** Integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Exponentially distributed with the given mean (Poisson inter-arrival times). */
  exponential(mean: number): number;
  /** Normally distributed (Box–Muller). */
  normal(mean: number, sd: number): number;
  /** An independent generator derived from this one and a label. */
  fork(label: string): Rng;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    chance: (p) => next() < p,
    exponential: (mean) => -Math.log(1 - next()) * mean,
    normal: (mean, sd) => {
      const u = 1 - next();
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    fork: (label) => {
      let h = state ^ 0x9e3779b9;
      for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
      return createRng(h >>> 0);
    },
  };
  return rng;
}

/**
 * One of `items`, each as likely as its weight: one draw of `rng`. Shared by every scenario
 * (seven copies of it stood in the red-team and holdout folders).
 */
export function weighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = rng.next() * total;
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  const last = items[items.length - 1];
  if (!last) throw new Error('weighted pick from an empty list');
  return last[0];
}

/** Uniform in [min, max): one draw of `rng`. */
export function between(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng.next();
}

/** A Zipf-like draw in [1, n]: a few come back often, most seldom (end users, repeat visitors). */
export function zipf(rng: Rng, n: number): number {
  return Math.min(n, Math.max(1, Math.floor(Math.pow(n + 1, rng.next()))));
}

/** A shuffled copy (Fisher–Yates, one draw of `rng` per item after the first). */
export function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
