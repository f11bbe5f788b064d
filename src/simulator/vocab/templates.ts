/**
 * Text from templates, as the later red teams write it: `{slot}` is filled from a word list (or a
 * function), `[a|b|c]` picks one alternative, so no two fills of a template need agree on more
 * than its skeleton; and the typos of a hurried typist.
 */
import type { Rng } from '../rng.ts';

export type Slot = readonly string[] | ((rng: Rng) => string);
export type Slots = Readonly<Record<string, Slot>>;

/** Fills `{slot}`s (from `slots`) and `[a|b]` alternatives; unknown slots are left as they are. */
export function fill(rng: Rng, template: string, slots: Slots = {}): string {
  const alternatives = template.replace(/\[([^\]]*\|[^\]]*)\]/g, (_, options: string) =>
    rng.pick(options.split('|')),
  );
  return alternatives.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const slot = slots[name];
    if (slot === undefined) return whole;
    const value = typeof slot === 'function' ? slot(rng) : rng.pick(slot);
    // A filled value may itself hold alternatives or slots.
    return value.includes('[') || value.includes('{') ? fill(rng, value, slots) : value;
  });
}

/** One template of `templates`, filled. */
export function fillOne(rng: Rng, templates: readonly string[], slots: Slots = {}): string {
  return fill(rng, rng.pick(templates), slots);
}

/** A capitalised first letter. */
export function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const NEIGHBOURS = 'qwertyuiopasdfghjklzxcvbnm';

/**
 * `text` with up to `count` typos, each at a random place after the first character: two letters
 * swapped or one struck as another key (a place that is not a lower-case letter is left alone).
 */
export function mistype(rng: Rng, text: string, count: number): string {
  let out = text;
  for (let i = 0; i < count; i++) {
    const at = rng.int(1, Math.max(1, out.length - 2));
    const char = out.charAt(at);
    if (!/[a-z]/.test(char)) continue;
    out = rng.chance(0.5)
      ? out.slice(0, at) + out.charAt(at + 1) + char + out.slice(at + 2)
      : out.slice(0, at) + NEIGHBOURS.charAt(rng.int(0, NEIGHBOURS.length - 1)) + out.slice(at + 1);
  }
  return out;
}
