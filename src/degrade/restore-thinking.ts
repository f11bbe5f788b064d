/**
 * The request side of strip_reasoning on Anthropic Messages: a client returns the `redacted_thinking`
 * stand-ins it was given (as it must: a tool-use loop echoes the assistant turn exactly), and each
 * is replaced by the original thinking block kept in the vault, signature and all, before the
 * request goes upstream — so the upstream sees the conversation it produced, and the client never
 * saw the reasoning. Runs on every Anthropic request that carries a stand-in, degraded or not (a
 * conversation outlives the rule that degraded one of its turns).
 *
 * A stand-in the vault no longer holds (expired, evicted, issued by a replica that does not share
 * the vault or while Redis was out, or presented by another account) is removed: sending it on
 * would make the upstream reject the request for an undecodable block. Thinking blocks of earlier turns are not required
 * anyway; in the current tool-use cycle the upstream may then ask for them — counted as misses.
 *
 * At most MAX_RESTORED stand-ins are looked up per request — the last ones, nearest the current
 * turn, which is where the upstream needs thinking blocks; earlier ones are removed like misses
 * and counted apart (`beyondCap`). A request is never refused for them: a long agentic
 * conversation keeps working, and a body stuffed with stand-ins costs one vault lookup of
 * MAX_RESTORED tokens (one Redis round trip), not one per stand-in.
 */
import { STAND_IN_PREFIX, type ThinkingVault } from './thinking-vault.ts';

/** Stand-ins looked up per request at most (the last ones in the conversation). */
export const MAX_RESTORED = 64;

export interface RestoredThinking {
  /** The body to forward: the one passed in when it held no stand-in. */
  readonly body: Record<string, unknown>;
  readonly restored: number;
  /** Looked up and not held by the vault: removed. */
  readonly missing: number;
  /** Before the last MAX_RESTORED: removed without a lookup. */
  readonly beyondCap: number;
}

/** Whether the raw body can hold a stand-in at all (one search before any walk). */
export function mayHoldStandIns(raw: Buffer): boolean {
  return raw.indexOf(STAND_IN_PREFIX) !== -1;
}

/**
 * The body with every stand-in replaced by its original, or removed when the vault does not hold
 * it. Synchronous when the vault answers at once (memory, or a shared vault's local cache); a
 * promise when a shared vault has to ask Redis — the caller awaits only then.
 */
export function restoreThinking(
  body: Record<string, unknown>,
  account: string,
  vault: ThinkingVault,
  now: number,
): RestoredThinking | Promise<RestoredThinking> {
  const messages = body['messages'];
  if (!Array.isArray(messages)) return { body, restored: 0, missing: 0, beyondCap: 0 };
  // First the stand-ins' tokens (in order), then one lookup of the last MAX_RESTORED, then the
  // body rebuilt from the answers.
  const tokens: string[] = [];
  for (const message of messages as unknown[]) {
    const content = assistantContent(message);
    if (content === undefined) continue;
    for (const block of content) if (isStandIn(block)) tokens.push(block.data);
  }
  if (tokens.length === 0) return { body, restored: 0, missing: 0, beyondCap: 0 };
  const beyondCap = Math.max(0, tokens.length - MAX_RESTORED);
  const found = vault.getMany(tokens.slice(beyondCap), account, now);
  return found instanceof Promise
    ? found.then((originals) => rebuild(body, messages as unknown[], beyondCap, originals))
    : rebuild(body, messages as unknown[], beyondCap, found);
}

/**
 * The body with the stand-ins, in order, replaced: the first `skipped` removed, the others by
 * `originals` (undefined: removed).
 */
function rebuild(
  body: Record<string, unknown>,
  messages: readonly unknown[],
  skipped: number,
  originals: readonly (string | undefined)[],
): RestoredThinking {
  const counts = { restored: 0, missing: 0, beyondCap: skipped };
  let next = -skipped;
  const restoredMessages = messages.map((message) => {
    const content = assistantContent(message);
    if (content === undefined || !content.some(isStandIn)) return message;
    const blocks: unknown[] = [];
    for (const block of content) {
      if (!isStandIn(block)) {
        blocks.push(block);
        continue;
      }
      const at = next++;
      if (at < 0) continue;
      const original = originals[at];
      if (original === undefined) counts.missing++;
      else {
        counts.restored++;
        blocks.push(JSON.parse(original));
      }
    }
    return { ...(message as Record<string, unknown>), content: blocks };
  });
  return { body: { ...body, messages: restoredMessages }, ...counts };
}

function assistantContent(message: unknown): readonly unknown[] | undefined {
  if (message === null || typeof message !== 'object') return undefined;
  const record = message as Record<string, unknown>;
  const content = record['content'];
  return record['role'] === 'assistant' && Array.isArray(content) ? content : undefined;
}

function isStandIn(block: unknown): block is { type: 'redacted_thinking'; data: string } {
  if (block === null || typeof block !== 'object') return false;
  const record = block as Record<string, unknown>;
  const data = record['data'];
  return (
    record['type'] === 'redacted_thinking' &&
    typeof data === 'string' &&
    data.startsWith(STAND_IN_PREFIX)
  );
}
