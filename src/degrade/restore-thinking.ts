/**
 * The request side of strip_reasoning on Anthropic Messages: a client returns the `redacted_thinking`
 * stand-ins it was given (as it must: a tool-use loop echoes the assistant turn exactly), and each
 * is replaced by the original thinking block kept in the vault, signature and all, before the
 * request goes upstream — so the upstream sees the conversation it produced, and the client never
 * saw the reasoning. Runs on every Anthropic request that carries a stand-in, degraded or not (a
 * conversation outlives the rule that degraded one of its turns).
 *
 * A stand-in the vault no longer holds (expired, evicted, issued by a replica that does not share
 * the vault, or presented by another account) is removed: sending it on would make the upstream
 * reject the request for an undecodable block. Thinking blocks of earlier turns are not required
 * anyway; in the current tool-use cycle the upstream may then ask for them — counted as misses.
 */
import { STAND_IN_PREFIX, type ThinkingVault } from './thinking-vault.ts';

export interface RestoredThinking {
  /** The body to forward: the one passed in when it held no stand-in. */
  readonly body: Record<string, unknown>;
  readonly restored: number;
  readonly missing: number;
}

/** Whether the raw body can hold a stand-in at all (one search before any walk). */
export function mayHoldStandIns(raw: Buffer): boolean {
  return raw.indexOf(STAND_IN_PREFIX) !== -1;
}

export function restoreThinking(
  body: Record<string, unknown>,
  account: string,
  vault: ThinkingVault,
  now: number,
): RestoredThinking {
  const messages = body['messages'];
  if (!Array.isArray(messages)) return { body, restored: 0, missing: 0 };
  const counts = { restored: 0, missing: 0 };
  let next: unknown[] | undefined;
  for (const [m, message] of messages.entries()) {
    const content = assistantContent(message);
    if (content === undefined || !content.some(isStandIn)) continue;
    next ??= [...(messages as unknown[])];
    next[m] = { ...(message as Record<string, unknown>), content: restored(content, counts) };
  }
  return next === undefined
    ? { body, ...counts }
    : { body: { ...body, messages: next }, ...counts };

  function restored(content: readonly unknown[], tally: typeof counts): unknown[] {
    const blocks: unknown[] = [];
    for (const block of content) {
      if (!isStandIn(block)) {
        blocks.push(block);
        continue;
      }
      const original = vault.get(block.data, account, now);
      if (original === undefined) tally.missing++;
      else {
        tally.restored++;
        blocks.push(JSON.parse(original));
      }
    }
    return blocks;
  }
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
