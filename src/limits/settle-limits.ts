/**
 * Settling what admission took (admit-limits.ts), when the response ends: each token
 * reservation adjusted to the usage the response reported — or, for a stream that did not reach
 * its end upstream, to what its events amounted to — and the stream slots freed.
 */
import type { Usage } from '../dialects/dialect.ts';
import type { RequestFacts } from '../signals/request-facts.ts';
import type { Reservation, Reserved } from './admit-limits.ts';
import type { LimitStore } from './limit-store.ts';

/**
 * Settles token reservations from the usage the response reported, and frees stream slots.
 * `partialStream`: the stream did not reach its end upstream (the client went away, the upstream
 * failed, the proxy cut it) after events amounting to `streamedTokens` came from the upstream.
 */
export function settleLimits(
  store: LimitStore,
  reservation: Reservation,
  usage: Usage,
  served: boolean,
  now: number,
  partialStream?: { readonly streamedTokens: number },
): void {
  for (const item of reservation.tokens) {
    const actual = item.input ? usage.inputTokens : usage.outputTokens;
    // No usage: a request that was not served costs nothing; a served one keeps its reservation.
    const settle = (): void => {
      const held = item.reserved + item.extra;
      const cost =
        partialStream !== undefined && !item.input
          ? streamedOutput(actual, partialStream.streamedTokens, held)
          : (actual ?? (served ? held : 0));
      store.adjust(item.key, item.rate, cost - held, now);
    };
    // A stream's charge still unanswered may yet be refused (and `extra` lowered): settle after.
    if (item.pending === undefined) settle();
    else void item.pending.then(settle);
  }
  for (const slot of reservation.slots) store.releaseSlot(slot);
}

/**
 * The output of a stream that did not reach its end upstream. What the events reported so far is
 * not the answer's usage (an Anthropic message_start says output_tokens: 1; OpenAI's usage comes
 * last), and the exchange was aborted or failed, so the upstream wrote no more than it sent.
 * Charging the reported figure let a client read a whole answer and drop the connection before
 * its last event for 1 token; keeping the reservation charged a client that left early (or whose
 * upstream failed) for output never written. So: what the events sent so far amount to (their
 * text by script, at least one token an event with data — estimateTokens,
 * RequestContext.streamedTokens), at most what
 * was held, at least what was reported. Not the bytes ÷ 4: an event's framing is ~30 times a
 * one-word delta, and an honest client that stops a long answer ("stop generating") would be
 * charged, and look to detection, 30 times its output. The one estimate: detection and the
 * decision record take it too (unfinishedStreamOutput).
 */
function streamedOutput(reported: number | undefined, streamed: number, held: number): number {
  return Math.max(reported ?? 0, Math.min(held, streamed));
}

/**
 * The output of a stream that did not reach its end upstream, as one figure for detection and the
 * decision record: streamedOutput, held to what the request's reservation holds (the largest of
 * its output buckets', mid-stream charges included) — or, when no limit applied to it, to what the
 * model may write (`max_tokens` × `n`; without `max_tokens`, not held: the default reservation
 * is a guess, and a long answer cut near its end would be logged, and shown to detection, as that
 * guess). The limits settle each bucket against its own hold (settleLimits); with one output
 * bucket, or several that hold alike, the figures are the same.
 */
export function unfinishedStreamOutput(
  facts: RequestFacts,
  reservation: Reservation | null,
  reported: number | undefined,
  streamedTokens: number,
): number {
  let held = -1;
  // Enforced holds only: a shadow bucket stops growing when it refuses, and the stream runs on.
  for (const item of reservation?.tokens ?? NO_TOKENS)
    if (!item.input && !item.shadow) held = Math.max(held, item.reserved + item.extra);
  if (held < 0)
    held =
      facts.maxTokens === undefined
        ? Number.POSITIVE_INFINITY
        : facts.maxTokens * Math.max(1, facts.choices);
  return streamedOutput(reported, streamedTokens, held);
}

const NO_TOKENS: readonly Reserved[] = Object.freeze([]);
