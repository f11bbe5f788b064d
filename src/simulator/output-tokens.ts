/**
 * Output tokens the simulator's mock upstream reports for a request: a deterministic share of the
 * requested max_tokens (capped, as real answers rarely fill a large budget), plus part of the
 * thinking budget when thinking is on. Realistic sizes matter for "tokens served before action".
 */

const DEFAULT_MAX_TOKENS = 1024;
const ANSWER_CAP = 6_000;

export function simulatedOutputTokens(body: Record<string, unknown>): number {
  const requested = numberOr(
    body['max_tokens'],
    numberOr(body['max_completion_tokens'], DEFAULT_MAX_TOKENS),
  );
  const thinking = body['thinking'] as { type?: unknown; budget_tokens?: unknown } | undefined;
  const budget = thinking?.type === 'enabled' ? numberOr(thinking.budget_tokens, 0) : 0;
  const share = 0.35 + 0.5 * fraction(JSON.stringify(body['messages'] ?? body));
  const answer = Math.min(Math.max(0, requested - budget), ANSWER_CAP) * share;
  const reasoning = Math.min(budget, ANSWER_CAP) * share;
  return Math.max(1, Math.round(answer + reasoning));
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** FNV-1a of the text, mapped to [0, 1). */
function fraction(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0) / 4_294_967_296;
}
