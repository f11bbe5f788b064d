/**
 * A tiny text template engine for simulated prompts: `{a|b|c}` picks one alternative, `{slot}`
 * picks from the named vocabulary list, `{#n-m}` draws a number. Alternatives nest one level
 * deep in slots (a vocabulary entry may itself contain `{…}`), so one template yields thousands
 * of distinct, natural-looking prompts.
 */
import type { Rng } from '../rng.ts';

export type Vocabulary = Readonly<Record<string, readonly string[]>>;

const TOKEN = /\{([^{}]*)\}/g;

export function expand(rng: Rng, template: string, vocabulary: Vocabulary, depth = 0): string {
  return template.replace(TOKEN, (_match, inner: string) => {
    const range = /^#(\d+)-(\d+)$/.exec(inner);
    if (range) return String(rng.int(Number(range[1]), Number(range[2])));
    const list = vocabulary[inner];
    const choice = list ? rng.pick(list) : rng.pick(inner.split('|'));
    return depth < 3 && choice.includes('{') ? expand(rng, choice, vocabulary, depth + 1) : choice;
  });
}

/** Picks a template and expands it. */
export function compose(rng: Rng, templates: readonly string[], vocabulary: Vocabulary): string {
  return expand(rng, rng.pick(templates), vocabulary);
}
