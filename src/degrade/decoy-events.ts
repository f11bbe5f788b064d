/**
 * Decoy interception, one parsed SSE event at a time, per route. Each filter says whether an
 * event is kept, dropped or rewritten in place, and keeps the state a stream needs so that what
 * reaches the client stays a valid stream once the decoy's pieces are gone:
 *
 * - Anthropic Messages: a decoy `tool_use` block is dropped whole (start, deltas, stop), later
 *   blocks renumbered; `stop_reason: tool_use` becomes `end_turn` when no real call is left.
 * - OpenAI Chat: a call's name comes in its first delta only; its index is remembered per choice,
 *   its later argument deltas dropped, later calls renumbered, and `finish_reason: tool_calls`
 *   becomes `stop` when the choice has no real call left.
 * - OpenAI Responses: a decoy `function_call` item is dropped (added, its argument events, done,
 *   and from every response snapshot), later `output_index` values renumbered. Sequence numbers
 *   are left as the upstream sent them (a resumed stream counts on them; the SDKs allow gaps).
 *
 * Framing, pre-filtering and serialisation are sse-decoy-interceptor.ts's.
 */
import { objectField } from '../dialects/dialect.ts';
import {
  chatCallName,
  IndexGaps,
  isDecoyFunctionCall,
  isDecoyToolUse,
  renumber,
} from './decoy-match.ts';

export type Verdict = 'keep' | 'drop' | 'rewrite';

export interface DecoyEventFilter {
  /** Something was dropped: events without a decoy name may now need renumbering or a fix. */
  readonly active: boolean;
  /** Text that marks an event worth parsing once active. */
  readonly needles: readonly string[];
  /**
   * Text that marks an event worth parsing always: every event that starts a call (a decoy's or
   * a real one) carries it, so an event without it cannot introduce a decoy.
   */
  readonly watch: readonly string[];
  event(data: Record<string, unknown>): Verdict;
}

/** What every route's filter holds: the names, the count to call, the dropped positions. */
abstract class DecoyFilter implements DecoyEventFilter {
  abstract readonly needles: readonly string[];
  abstract readonly watch: readonly string[];
  protected readonly names: ReadonlySet<string>;
  protected readonly onIntercept: () => void;
  protected readonly gaps = new IndexGaps();

  constructor(names: ReadonlySet<string>, onIntercept: () => void) {
    this.names = names;
    this.onIntercept = onIntercept;
  }

  get active(): boolean {
    return this.gaps.size > 0;
  }

  abstract event(data: Record<string, unknown>): Verdict;
}

const BLOCK_EVENTS: ReadonlySet<unknown> = new Set([
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
]);

export class AnthropicDecoyFilter extends DecoyFilter {
  readonly needles = ['"index"', 'stop_reason'];
  readonly watch = ['"tool_use"'];
  private realCall = false;

  event(data: Record<string, unknown>): Verdict {
    const type = data['type'];
    if (type === 'message_delta') {
      const delta = objectField(data['delta']);
      if (delta?.['stop_reason'] !== 'tool_use' || !this.active || this.realCall) return 'keep';
      delta['stop_reason'] = 'end_turn';
      return 'rewrite';
    }
    if (!BLOCK_EVENTS.has(type)) return 'keep';
    const index = data['index'];
    if (typeof index !== 'number') return 'keep';
    if (type === 'content_block_start') {
      const block = data['content_block'];
      if (isDecoyToolUse(block, this.names)) {
        this.gaps.add(index);
        this.onIntercept();
        return 'drop';
      }
      if (objectField(block)?.['type'] === 'tool_use') this.realCall = true;
    }
    if (this.gaps.has(index)) return 'drop';
    return renumber(data, 'index', this.gaps);
  }
}

interface ChoiceState {
  readonly gaps: IndexGaps;
  realCall: boolean;
}

export class ChatDecoyFilter extends DecoyFilter {
  readonly needles = ['tool_calls'];
  /** A call's first delta names its function (`"name"` unescaped is a key, never text). */
  readonly watch = ['"name"'];
  /** Tool-call indexes are numbered per choice: each choice has its own gaps. */
  private readonly choices = new Map<number, ChoiceState>();
  private dropped = false;

  override get active(): boolean {
    return this.dropped;
  }

  event(data: Record<string, unknown>): Verdict {
    const choices = data['choices'];
    if (!Array.isArray(choices)) return 'keep';
    let changed = false;
    let bare = true;
    for (let position = 0; position < choices.length; position++) {
      const choice = objectField(choices[position]);
      if (choice === undefined) continue;
      const number = typeof choice['index'] === 'number' ? choice['index'] : position;
      if (this.choice(choice, number)) changed = true;
      if (!isBare(choice)) bare = false;
    }
    if (!changed) return 'keep';
    // A chunk left with nothing to say (one empty delta, no finish, no usage) is not sent.
    return bare && data['usage'] == null ? 'drop' : 'rewrite';
  }

  /** Filters one choice's tool-call deltas; true when it changed. */
  private choice(choice: Record<string, unknown>, number: number): boolean {
    let state = this.choices.get(number);
    const delta = objectField(choice['delta']);
    const calls = delta?.['tool_calls'];
    let changed = false;
    if (delta !== undefined && Array.isArray(calls)) {
      state ??= this.stateOf(number);
      const kept: unknown[] = [];
      for (const value of calls) {
        const call = objectField(value);
        const index = call?.['index'];
        if (call === undefined || typeof index !== 'number') {
          kept.push(value);
          continue;
        }
        const name = chatCallName(call);
        if (typeof name === 'string' && this.names.has(name)) {
          state.gaps.add(index);
          this.dropped = true;
          this.onIntercept();
          changed = true;
        } else if (state.gaps.has(index)) changed = true;
        else {
          if (name !== undefined) state.realCall = true;
          if (renumber(call, 'index', state.gaps) === 'rewrite') changed = true;
          kept.push(call);
        }
      }
      if (changed) {
        if (kept.length === 0) delete delta['tool_calls'];
        else delta['tool_calls'] = kept;
      }
    }
    if (choice['finish_reason'] === 'tool_calls' && state !== undefined) {
      if (state.gaps.size > 0 && !state.realCall) {
        choice['finish_reason'] = 'stop';
        changed = true;
      }
    }
    return changed;
  }

  private stateOf(number: number): ChoiceState {
    const state = { gaps: new IndexGaps(), realCall: false };
    this.choices.set(number, state);
    return state;
  }
}

/** A choice that carries nothing: an empty delta, no finish reason, no log probabilities. */
function isBare(choice: Record<string, unknown>): boolean {
  const delta = objectField(choice['delta']);
  return (
    (delta === undefined || Object.keys(delta).length === 0) &&
    choice['finish_reason'] == null &&
    choice['logprobs'] == null
  );
}

export class ResponsesDecoyFilter extends DecoyFilter {
  readonly needles = ['output_index'];
  readonly watch = ['"function_call"'];
  /** Ids of the dropped items (argument events name their item by id as well as by index). */
  private readonly items = new Set<unknown>();

  event(data: Record<string, unknown>): Verdict {
    const response = objectField(data['response']);
    if (response !== undefined) {
      const output = response['output'];
      if (!Array.isArray(output)) return 'keep';
      const kept = output.filter((item) => !isDecoyFunctionCall(item, this.names));
      if (kept.length === output.length) return 'keep';
      response['output'] = kept;
      return 'rewrite';
    }
    const index = data['output_index'];
    if (typeof index !== 'number') return 'keep';
    const item = objectField(data['item']);
    if (item !== undefined && isDecoyFunctionCall(item, this.names)) {
      // Counted once per item: its `added` and its `done` both name it.
      if (!this.gaps.has(index)) this.onIntercept();
      this.gaps.add(index);
      if (item['id'] !== undefined) this.items.add(item['id']);
      return 'drop';
    }
    if (this.gaps.has(index) || (data['item_id'] !== undefined && this.items.has(data['item_id'])))
      return 'drop';
    // `function_call_arguments.done` names its function too: never let a decoy's name through.
    if (this.names.has(data['name'] as string)) return 'drop';
    return renumber(data, 'output_index', this.gaps);
  }
}

/** The filter for a route; undefined for routes that take no tools. */
export function decoyFilterFor(
  routeId: string,
  names: ReadonlySet<string>,
  onIntercept: () => void,
): DecoyEventFilter | undefined {
  if (routeId === 'anthropic.messages') return new AnthropicDecoyFilter(names, onIntercept);
  if (routeId === 'openai.chat_completions') return new ChatDecoyFilter(names, onIntercept);
  if (routeId === 'openai.responses') return new ResponsesDecoyFilter(names, onIntercept);
  return undefined;
}
