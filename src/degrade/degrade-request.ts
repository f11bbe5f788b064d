/**
 * Request-side degradations, applied to a copy of the parsed body before it is forwarded: fall
 * back to a weaker model, cap the output, one choice only, and turn thinking off or clamp its
 * budget. Pure; returns the names of what was applied (for the response header and the record),
 * and leaves the body untouched when nothing applies. The body is re-serialised only then.
 */

export interface DegradeSettings {
  readonly stripReasoning: boolean;
  /** 0: thinking off; N: thinking budget clamped to N tokens. */
  readonly thinkingBudget: number | undefined;
  readonly maxTokens: number | undefined;
  readonly singleChoice: boolean;
  readonly model: string | undefined;
  /** Decoy tools added to an agentic request (applied by the act stage: act-decoys.ts); 0: none. */
  readonly decoyTools?: number;
}

/**
 * What `degradeRequest` applies that changes how much the upstream writes (not withheld
 * reasoning, decoys).
 */
const LENGTH_DEGRADATIONS: ReadonlySet<string> = new Set([
  'max_tokens',
  'thinking',
  'single_choice',
  'model',
]);

/**
 * The answer's length was the policy's choice (a capped max_tokens, a clamped thinking budget, one
 * choice, a smaller model): it says nothing of what the client asked for, and counted, a degraded
 * harvester's short answers would dilute the output evidence that put it under degradation
 * (detection does not settle it: handle-request.ts).
 */
export function degradedLength(degraded: readonly string[] | null): boolean {
  if (degraded === null) return false;
  for (const applied of degraded) if (LENGTH_DEGRADATIONS.has(applied)) return true;
  return false;
}

/** Efforts a clamp lowers (unset, or already low or minimal, is left as it is). */
const ABOVE_LOW: ReadonlySet<unknown> = new Set(['medium', 'high', 'xhigh']);

/** Anthropic's smallest thinking budget: a clamp below it turns thinking off instead. */
const MIN_THINKING_BUDGET = 1024;

export interface DegradedRequest {
  /** The body to forward: the very object passed in when no field of it changed. */
  readonly body: Record<string, unknown>;
  readonly applied: readonly string[];
}

export function degradeRequest(
  routeId: string,
  body: Record<string, unknown>,
  settings: DegradeSettings,
): DegradedRequest {
  const out: Record<string, unknown> = { ...body };
  const applied: string[] = [];
  if (settings.model !== undefined && out['model'] !== settings.model) {
    out['model'] = settings.model;
    applied.push('model');
  }
  // Counting tokens takes a model but generates nothing: only the model fallback applies.
  if (routeId === 'anthropic.count_tokens') {
    return applied.length === 0 ? { body, applied } : { body: out, applied };
  }
  if (settings.maxTokens !== undefined && capOutput(routeId, out, settings.maxTokens))
    applied.push('max_tokens');
  if (settings.singleChoice && typeof out['n'] === 'number' && out['n'] > 1) {
    out['n'] = 1;
    applied.push('single_choice');
  }
  // strip_reasoning leaves thinking as asked: the answer keeps its quality and the response's
  // thinking blocks are withheld behind stand-ins (strip-reasoning.ts); thinking_budget: 0 is
  // what switches it off.
  // A capped max_tokens can fall below the thinking budget the client asked for, which the
  // Anthropic API refuses: the budget then follows the cap (or thinking goes, under 1,024).
  const budget =
    settings.thinkingBudget ??
    (routeId === 'anthropic.messages' && applied.includes('max_tokens') ? Infinity : undefined);
  if (budget !== undefined && clampThinking(routeId, out, budget)) applied.push('thinking');
  // Stripping is a response-side transform: on its own it leaves the request as it came, and the
  // original bytes are forwarded (no copy, no re-serialisation).
  const changed = applied.length > 0;
  if (settings.stripReasoning) applied.push('strip_reasoning');
  return changed ? { body: out, applied } : { body, applied };
}

/** The output field each route uses; when none is set, the cap is set on the route's own. */
function capOutput(routeId: string, body: Record<string, unknown>, cap: number): boolean {
  const fields =
    routeId === 'openai.chat_completions'
      ? ['max_completion_tokens', 'max_tokens']
      : routeId === 'openai.responses'
        ? ['max_output_tokens']
        : ['max_tokens'];
  let changed = false;
  let present = false;
  for (const field of fields) {
    const value = body[field];
    if (typeof value !== 'number') continue;
    present = true;
    if (value > cap) {
      body[field] = cap;
      changed = true;
    }
  }
  if (!present) {
    body[fields[0] as string] = cap;
    changed = true;
  }
  return changed;
}

function clampThinking(routeId: string, body: Record<string, unknown>, budget: number): boolean {
  if (routeId === 'anthropic.messages') {
    const thinking = body['thinking'];
    if (thinking === null || typeof thinking !== 'object') return false;
    const current = thinking as Record<string, unknown>;
    if (current['type'] !== 'enabled') return false;
    const maxTokens = typeof body['max_tokens'] === 'number' ? body['max_tokens'] : Infinity;
    if (budget < MIN_THINKING_BUDGET || maxTokens <= MIN_THINKING_BUDGET) {
      delete body['thinking'];
      return true;
    }
    const wanted =
      typeof current['budget_tokens'] === 'number' ? current['budget_tokens'] : Infinity;
    const clamped = Math.min(wanted, budget, maxTokens - 1);
    if (clamped === wanted) return false;
    body['thinking'] = { ...current, budget_tokens: clamped };
    return true;
  }
  // OpenAI reasoning cannot be switched off on every model; the lowest common effort is "low".
  if (routeId === 'openai.chat_completions') {
    if (!ABOVE_LOW.has(body['reasoning_effort'])) return false;
    body['reasoning_effort'] = 'low';
    return true;
  }
  if (routeId === 'openai.responses') {
    const reasoning = body['reasoning'];
    if (reasoning === null || typeof reasoning !== 'object') return false;
    const current = reasoning as Record<string, unknown>;
    if (!ABOVE_LOW.has(current['effort'])) return false;
    body['reasoning'] = { ...current, effort: 'low' };
    return true;
  }
  return false;
}
