/**
 * What a decoy call looks like in each response shape — shared by the JSON
 * (intercept-decoy-json.ts) and SSE (decoy-events.ts) paths — the per-request decoy state both
 * count into, and the renumbering of what follows a dropped event.
 */
import { objectField } from '../dialects/dialect.ts';

/** One request's decoys: what was injected, and how many calls to them were intercepted. */
export interface DecoyState {
  readonly names: ReadonlySet<string>;
  intercepted: number;
}

/** Process-wide counts of what interception met. */
export const decoyStats = {
  /** Calls to a decoy removed from an answer. */
  intercepted: 0,
  /** Bodies or events that did not parse and were passed through unchanged. */
  unparsed: 0,
};

/** Counts one intercepted call, for the request and the process. */
export function countIntercepted(state: DecoyState): void {
  state.intercepted++;
  decoyStats.intercepted++;
}

/** Positions dropped from a numbered sequence, and what the later ones become. */
export class IndexGaps {
  private readonly dropped: number[] = [];

  get size(): number {
    return this.dropped.length;
  }

  add(index: number): void {
    if (!this.dropped.includes(index)) this.dropped.push(index);
  }

  has(index: number): boolean {
    return this.dropped.includes(index);
  }

  /** `index` less the dropped positions before it. */
  shift(index: number): number {
    let before = 0;
    for (const dropped of this.dropped) if (dropped < index) before++;
    return index - before;
  }
}

export function isDecoyToolUse(block: unknown, names: ReadonlySet<string>): boolean {
  const record = objectField(block);
  return record?.['type'] === 'tool_use' && names.has(record['name'] as string);
}

export function isDecoyFunctionCall(item: unknown, names: ReadonlySet<string>): boolean {
  const record = objectField(item);
  return record?.['type'] === 'function_call' && names.has(record['name'] as string);
}

/** The function name a chat tool call (or its first delta) carries. */
export function chatCallName(call: unknown): unknown {
  return objectField(objectField(call)?.['function'])?.['name'];
}

/** Renumbers `data[field]` past the gaps; 'keep' when nothing moves. */
export function renumber(
  data: Record<string, unknown>,
  field: string,
  gaps: IndexGaps,
): 'keep' | 'rewrite' {
  const index = data[field];
  if (typeof index !== 'number' || gaps.size === 0) return 'keep';
  const shifted = gaps.shift(index);
  if (shifted === index) return 'keep';
  data[field] = shifted;
  return 'rewrite';
}
